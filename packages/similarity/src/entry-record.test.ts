import { decodeEntryRecord, encodeEntryRecord } from './entry-record';
import { CorruptIndexError } from './errors';

describe('entry records', () => {
  test('round-trip id, first-seen time, label and set', () => {
    const entry = { id: 'en_0123456789abcdef', firstSeenAt: 1_732_147_200_123, label: '{"outlet":"Spiegel – Ä"}', set: Uint32Array.from([0, 7, 0xffffffff]) };
    expect(decodeEntryRecord(encodeEntryRecord(entry))).toEqual(entry);
    expect(encodeEntryRecord(entry).length).toBe(8 + 2 + 19 + 4 + Buffer.byteLength(entry.label) + 12);
  });

  test('refuse bytes they did not write', () => {
    const record = encodeEntryRecord({ id: 'e', firstSeenAt: 1, label: 'L', set: Uint32Array.from([1, 2]) });
    for (const bytes of [record.subarray(0, 5), record.subarray(0, record.length - 1), Buffer.from('not a record at all')]) {
      expect(() => decodeEntryRecord(bytes)).toThrow(CorruptIndexError);
    }
  });
});
