declare module 'fossil-delta' {
  type Bytes = Uint8Array | number[];
  export function create(origin: Bytes, target: Bytes): number[];
  export function apply(origin: Bytes, delta: Bytes, options?: { verifyChecksum?: boolean }): number[];
}
