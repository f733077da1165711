import { entryText, loadCorpus } from '../evaluation/corpus';
import { similarityTokens } from '../normalize';
import { simhash, simhashOfTokens } from '../simhash';

/** Real German entry text cut at word boundaries into pieces of about `chars` characters. */
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

/** How fast `work` runs over the texts, for about `ms` after a warm-up. */
function rate(texts: readonly string[], work: (text: string) => unknown, ms = 2000): Rate {
  for (const text of texts) work(text);
  let done = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (const text of texts) work(text);
    done += texts.length;
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    wall: done / (Number(process.hrtime.bigint() - start) / 1e9),
    cpu: done / ((cpu.user + cpu.system) / 1e6),
  };
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/** The textbook alternative the package does not use: FNV-1a 64 in BigInt, measured for comparison. */
function simhashFnv64BigInt(text: string): bigint {
  const tokens = similarityTokens(text);
  const ones = new Int32Array(64);
  for (const token of tokens) {
    let h = FNV64_OFFSET;
    for (let i = 0; i < token.length; i++) h = ((h ^ BigInt(token.charCodeAt(i))) * FNV64_PRIME) & MASK64;
    for (let bit = 0; bit < 64; bit++) ones[bit] = (ones[bit] as number) + Number((h >> BigInt(bit)) & 1n);
  }
  let result = 0n;
  for (let bit = 0; bit < 64; bit++) if ((ones[bit] as number) * 2 > tokens.length) result |= 1n << BigInt(bit);
  return result;
}

export function fingerprintRows(chosenShingleSize: number): string[] {
  const texts = typicalEntries(600);
  const meanChars = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
  const rows = [
    ['normalize + tokenize only', rate(texts, similarityTokens)],
    [`SimHash, k=${chosenShingleSize} (chosen), 2×32-bit FNV-1a + fmix32`, rate(texts, (text) => simhash(text, chosenShingleSize))],
    ['SimHash, k=3, 2×32-bit FNV-1a + fmix32', rate(texts, (text) => simhash(text, 3))],
    ['SimHash, k=1, FNV-1a 64 in BigInt', rate(texts, simhashFnv64BigInt)],
  ] as const;
  const tokens = texts.map(similarityTokens);
  const hashingOnly = rate(texts.map((_, i) => String(i)), (i) => simhashOfTokens(tokens[Number(i)] as string[], chosenShingleSize));
  const row = (name: string, r: Rate): string =>
    `| ${name} | ${Math.round(r.cpu).toLocaleString('en')} | ${(1e6 / r.cpu).toFixed(1)} | ${Math.round(r.wall).toLocaleString('en')} |`;
  return [
    `Fingerprints on one core: ${texts.length} real entry texts of ${meanChars} characters on average, cycled.`,
    '',
    '| step | entries per CPU-second | µs CPU per entry | entries per wall-clock second |',
    '|---|---:|---:|---:|',
    ...rows.map(([name, r]) => row(name, r)),
    row(`hashing only (tokens given), k=${chosenShingleSize}`, hashingOnly),
  ];
}
