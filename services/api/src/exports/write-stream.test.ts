import { Writable } from 'node:stream';
import { ClientGoneError, writeRespectingBackpressure } from './write-stream';

const CHUNK = 'x'.repeat(10_000);
const HIGH_WATER = 16_384;

/** A reader that takes a chunk per turn of the event loop: much slower than the producer. */
function slowReader() {
  let maxBuffered = 0;
  const out = new Writable({
    highWaterMark: HIGH_WATER,
    write(_chunk, _enc, done) {
      setImmediate(done);
    },
  });
  const watch = () => (maxBuffered = Math.max(maxBuffered, out.writableLength));
  return { out, watch, maxBuffered: () => maxBuffered };
}

test('a producer waits for a slow reader: the buffer never holds more than its high-water mark and a chunk', async () => {
  const reader = slowReader();
  for (let i = 0; i < 200; i++) {
    await writeRespectingBackpressure(reader.out, CHUNK);
    reader.watch();
  }
  // Without the wait all 2 MB would be buffered at once.
  expect(reader.maxBuffered()).toBeLessThanOrEqual(HIGH_WATER + CHUNK.length);
});

test('a reader that goes away while the producer waits ends the export with ClientGoneError', async () => {
  const reader = slowReader();
  await writeRespectingBackpressure(reader.out, CHUNK);
  const waiting = writeRespectingBackpressure(reader.out, CHUNK.repeat(2));
  reader.out.destroy();
  await expect(waiting).rejects.toBeInstanceOf(ClientGoneError);
  await expect(writeRespectingBackpressure(reader.out, CHUNK)).rejects.toBeInstanceOf(ClientGoneError);
});
