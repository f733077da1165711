import { containment, minhashBands, minhashSignature, shingleSet, shingleSetFromHex, shingleSetToHex } from './minhash';

const report =
  'Die Ukraine meldet neue Angriffe auf die Energieversorgung im Osten des Landes. In Charkiw fiel der Strom ' +
  'für mehrere Stunden aus, Reparaturtrupps waren bis zum Abend im Einsatz. Verletzt wurde nach Behördenangaben niemand.';

describe('shingle sets', () => {
  test('are sorted and unique, and empty without content words', () => {
    const set = shingleSet(`${report} ${report}`, 2);
    expect([...set]).toEqual([...new Set(set)].sort((a, b) => a - b));
    expect(shingleSet('und die der', 2)).toHaveLength(0);
  });

  test('a shortened copy is contained in the original', () => {
    const shortened = report.slice(0, report.indexOf(' Verletzt'));
    expect(containment(shingleSet(shortened, 2), shingleSet(report, 2))).toBe(1);
    expect(containment(shingleSet(report, 2), shingleSet('Wetter in Hamburg: Sonne und Wind am Wochenende', 2))).toBe(0);
  });

  test('round-trip through their stored form, and reject anything else', () => {
    const set = shingleSet(report, 2);
    expect(shingleSetFromHex(shingleSetToHex(set))).toEqual(set);
    expect(shingleSetFromHex('xyz')).toBeNull();
  });
});

describe('MinHash signatures', () => {
  test('are equal for equal sets, null for an empty one, and cut into bands of rows', () => {
    const signature = minhashSignature(shingleSet(report, 2), 128);
    expect(signature).toEqual(minhashSignature(shingleSet(report, 2), 128));
    expect(minhashSignature(new Uint32Array(0), 128)).toBeNull();
    const bands = minhashBands(signature as Uint32Array, 64, 2);
    expect(bands).toHaveLength(64);
    for (const band of bands) expect(band).toMatch(/^[0-9a-f]{16}$/);
  });
});
