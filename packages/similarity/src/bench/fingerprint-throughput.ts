import { MINHASH_CHOSEN } from '../config';
import { entryText, loadCorpus } from '../evaluation/corpus';
import { bandDigests, minhashSignature, shingleSet } from '../minhash';
import { contentWordHashes } from '../normalize';

/** Real German entry text (the seeds, read at run time) cut at word boundaries into pieces of about `chars` characters. */
export function typicalEntries(chars: number): string[] {
  const pieces: string[] = [];
  for (const entry of loadCorpus()) {
    const words = entryText(entry).split(' ');
    let piece = '';
    for (const word of words) {
      piece = piece ? `${piece} ${word}` : word;
      if (piece.length >= chars) {
        pieces.push(piece);
        piece = '';
      }
    }
  }
  return pieces;
}

interface Rate {
  /** Calls per second of wall-clock time. */
  wall: number;
  /** Calls per second of this process's CPU time: the one-core figure, robust to a busy machine. */
  cpu: number;
}

/** How fast `work` runs over the inputs, for about `ms` after a warm-up. */
function rate<T>(inputs: readonly T[], work: (input: T) => unknown, ms = 3000): Rate {
  for (let warm = 0; warm < 20; warm++) for (const input of inputs) work(input);
  let done = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (const input of inputs) work(input);
    done += inputs.length;
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    wall: done / (Number(process.hrtime.bigint() - start) / 1e9),
    cpu: done / ((cpu.user + cpu.system) / 1e6),
  };
}

/** What the deduplicator computes per entry: the shingle set it verifies on, and the band digests it looks up and inserts. */
function fingerprint(text: string): Uint32Array | null {
  const { shingleSize, bands, rows } = MINHASH_CHOSEN;
  const signature = minhashSignature(shingleSet(text, shingleSize), bands * rows);
  return signature && bandDigests(signature, bands, rows);
}

export function fingerprintRows(): string[] {
  const { shingleSize, bands, rows } = MINHASH_CHOSEN;
  const texts = typicalEntries(600);
  const meanChars = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
  const sets = texts.map((text) => shingleSet(text, shingleSize));
  const meanShingles = Math.round(sets.reduce((sum, set) => sum + set.length, 0) / sets.length);
  const steps = [
    ['fold + split into word hashes', rate(texts, contentWordHashes)],
    [`shingle set (k=${shingleSize}), from the text`, rate(texts, (text) => shingleSet(text, shingleSize))],
    [`signature (${bands * rows} functions) + band digests, from the set`, rate(sets, (set) => bandDigests(minhashSignature(set, bands * rows) as Uint32Array, bands, rows))],
    ['**MinHash fingerprint: text → shingle set + band digests**', rate(texts, fingerprint)],
  ] as const;
  const row = (name: string, r: Rate): string =>
    `| ${name} | ${Math.round(r.cpu).toLocaleString('en')} | ${(1e6 / r.cpu).toFixed(1)} | ${Math.round(r.wall).toLocaleString('en')} |`;
  return [
    `Fingerprints on one core: ${texts.length} real entry texts of ${meanChars} characters on average (${meanShingles} distinct shingles), cycled.`,
    '',
    '| step | entries per CPU-second | µs CPU per entry | entries per wall-clock second |',
    '|---|---:|---:|---:|',
    ...steps.map(([name, r]) => row(name, r)),
  ];
}
