import type { Writable } from 'node:stream';

/** The client went away while an export was being written. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/**
 * Writes a chunk and, when the stream's buffer is full (write() said false), waits for 'drain' before
 * returning: a slow reader slows the producer down instead of the process buffering the export.
 */
export async function writeRespectingBackpressure(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new ClientGoneError();
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (gone: boolean) => () => {
      out.off('drain', drained);
      out.off('close', closed);
      if (gone) reject(new ClientGoneError());
      else resolve();
    };
    const drained = settle(false);
    const closed = settle(true);
    out.on('drain', drained);
    out.on('close', closed);
  });
}
