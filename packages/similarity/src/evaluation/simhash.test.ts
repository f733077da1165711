import fc from 'fast-check';
import { SimilarityConfigError } from '../errors';
import { hammingDistance, simhash, SIMHASH_CHOSEN } from './simhash';
import { bandValues, shareBand } from './simhash-bands';

const STORY =
  'Ein Sturmtief hat am Morgen mehrere Bahnstrecken im Norden blockiert. Umgestürzte Bäume legten den ' +
  'Verkehr zwischen Hamburg und Bremen für Stunden lahm, teilte die Bahn mit. Pendler mussten auf Busse ' +
  'ausweichen. Am Nachmittag sollten die Strecken wieder frei sein, hieß es weiter. (dpa)';

describe('simhash', () => {
  test('ignores what outlets change around the same copy', () => {
    const original = simhash(STORY, 1);
    expect(original).not.toBeNull();
    expect(simhash(STORY.replace('(dpa)', '(AFP)').replace('Hamburg', 'HAMBURG'), 1)).toEqual(original);
  });
  test('a one-word edit stays close, another story is far', () => {
    const original = simhash(STORY, 1)!;
    const edited = simhash(STORY.replace('Stunden', 'Tage'), 1)!;
    const other = simhash('Die Regierung hat ein neues Gesetz zur Rente beschlossen, das im Sommer in Kraft treten soll.', 1)!;
    expect(hammingDistance(original, edited)).toBeLessThanOrEqual(SIMHASH_CHOSEN.threshold);
    expect(hammingDistance(original, other)).toBeGreaterThan(SIMHASH_CHOSEN.threshold);
  });
  test('has no fingerprint for a text without content words', () => {
    expect(simhash(' (dpa) – die, der, das.', 3)).toBeNull();
  });
});

describe('hammingDistance', () => {
  test('counts differing bits in both halves', () => {
    expect(hammingDistance({ hi: 0, lo: 0 }, { hi: 0xffffffff, lo: 0xffffffff })).toBe(64);
    expect(hammingDistance({ hi: 0x80000000, lo: 1 }, { hi: 0, lo: 0 })).toBe(2);
  });
});

describe('bands', () => {
  test('cover all 64 bits in uneven widths', () => {
    expect(bandValues({ hi: 0xffffffff, lo: 0xffffffff }, 5)).toEqual(['1fff', '1fff', '1fff', '1fff', 'fff']);
  });
  test('pigeonhole: fewer differing bits than bands always share a band', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 7 }),
        (hi, lo, flips) => {
          let other = { hi, lo };
          for (const bit of flips) {
            other = bit < 32 ? { hi: other.hi, lo: (other.lo ^ (1 << bit)) >>> 0 } : { hi: (other.hi ^ (1 << (bit - 32))) >>> 0, lo: other.lo };
          }
          expect(hammingDistance({ hi, lo }, other)).toBe(flips.length);
          expect(shareBand({ hi, lo }, other, 8)).toBe(true);
        },
      ),
    );
  });
  test('rejects impossible band counts', () => {
    expect(() => bandValues({ hi: 0, lo: 0 }, 65)).toThrow(SimilarityConfigError);
  });
});
