import { Binary } from 'mongodb';

/** Hex hashes of `bytes` bytes each, stored packed: a third of their size as strings in an array. */
export const packRefs = (refs: readonly string[]) => new Binary(Buffer.from(refs.join(''), 'hex'));

export function unpackRefs(packed: Binary | undefined, bytes: number): string[] {
  const hex = packed ? Buffer.from(packed.buffer).toString('hex') : '';
  return Array.from({ length: hex.length / (2 * bytes) }, (_, i) => hex.slice(i * 2 * bytes, (i + 1) * 2 * bytes));
}
