import { bandDigests, containment, meetInBand, minhashSignature, shingleSet } from './minhash';

const report =
  'Die Ukraine meldet neue Angriffe auf die Energieversorgung im Osten des Landes. In Charkiw fiel der Strom ' +
  'für mehrere Stunden aus, Reparaturtrupps waren bis zum Abend im Einsatz. Verletzt wurde nach Behördenangaben niemand.';
const other = 'Wetter in Hamburg: Sonne und Wind am Wochenende, am Montag zieht von Westen Regen auf.';

describe('shingle sets', () => {
  test('are sorted and unique, and empty without content words', () => {
    const set = shingleSet(`${report} ${report}`, 2);
    expect([...set]).toEqual([...new Set(set)].sort((a, b) => a - b));
    expect(shingleSet('und die der', 2)).toHaveLength(0);
  });

  test('a shortened copy is contained in the original', () => {
    const shortened = report.slice(0, report.indexOf(' Verletzt'));
    expect(containment(shingleSet(shortened, 2), shingleSet(report, 2))).toBe(1);
    expect(containment(shingleSet(report, 2), shingleSet(other, 2))).toBe(0);
  });
});

/** The signature as defined, one fmix32 per function and shingle, without the fast loop's tricks. */
function referenceSignature(set: Uint32Array, permutations: number): Uint32Array {
  const fmix32 = (input: number): number => {
    let h = input;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const signature = new Uint32Array(permutations).fill(0xffffffff);
  for (const h1 of set) {
    const h2 = fmix32(h1 ^ 0x9e3779b9) | 1;
    for (let i = 0; i < permutations; i++) signature[i] = Math.min(signature[i] as number, fmix32((h1 + Math.imul(i, h2)) >>> 0));
  }
  return signature;
}

describe('MinHash signatures', () => {
  test('are the minima of each hash function, and null for an empty set', () => {
    for (const text of [report, other]) expect(minhashSignature(shingleSet(text, 2), 128)).toEqual(referenceSignature(shingleSet(text, 2), 128));
    // Values at and above 2^31 are where a signed comparison would go wrong.
    const extremes = Uint32Array.from([0, 1, 0x7fffffff, 0x80000000, 0xffffffff]);
    expect(minhashSignature(extremes, 64)).toEqual(referenceSignature(extremes, 64));
    expect(minhashSignature(new Uint32Array(0), 128)).toBeNull();
  });

  test('meet in a band when equal, and a different text does not', () => {
    const digests = (text: string): Uint32Array => bandDigests(minhashSignature(shingleSet(text, 2), 128) as Uint32Array, 64, 2);
    expect(digests(report)).toHaveLength(128);
    expect(meetInBand(digests(report), digests(report))).toBe(true);
    expect(meetInBand(digests(report), digests(other))).toBe(false);
  });
});
