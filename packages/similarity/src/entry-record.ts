import { CorruptIndexError } from './errors';
import type { ShingleSet } from './minhash';

/** What the index keeps of an entry: read back in one GET when the entry is a candidate. */
export interface EntryRecord {
  id: string;
  /** First-seen time (ms): an entry is a candidate while this is within the window. */
  firstSeenAt: number;
  label: string;
  set: ShingleSet;
}

/**
 * Binary form: first-seen time (float64), id (uint16 length + UTF-8), label (uint32 length + UTF-8),
 * then the shingle set as uint32s, all little-endian. The set is most of it: 4 bytes a shingle, half of
 * the hex it replaced.
 */
export function encodeEntryRecord({ id, firstSeenAt, label, set }: EntryRecord): Buffer {
  const idBytes = Buffer.from(id, 'utf8');
  const labelBytes = Buffer.from(label, 'utf8');
  if (idBytes.length > 0xffff) throw new RangeError(`entry id of ${idBytes.length} bytes is longer than 65535`);
  const record = Buffer.allocUnsafe(8 + 2 + idBytes.length + 4 + labelBytes.length + set.length * 4);
  let at = record.writeDoubleLE(firstSeenAt, 0);
  at = record.writeUInt16LE(idBytes.length, at);
  at += idBytes.copy(record, at);
  at = record.writeUInt32LE(labelBytes.length, at);
  at += labelBytes.copy(record, at);
  for (const value of set) at = record.writeUInt32LE(value, at);
  return record;
}

/** The inverse of encodeEntryRecord; CorruptIndexError for bytes it did not write. */
export function decodeEntryRecord(record: Buffer): EntryRecord {
  const corrupt = () => new CorruptIndexError(`entry record of ${record.length} bytes does not parse`);
  if (record.length < 14) throw corrupt();
  const firstSeenAt = record.readDoubleLE(0);
  const idEnd = 10 + record.readUInt16LE(8);
  if (idEnd + 4 > record.length) throw corrupt();
  const labelEnd = idEnd + 4 + record.readUInt32LE(idEnd);
  if (labelEnd > record.length || (record.length - labelEnd) % 4 !== 0 || !Number.isFinite(firstSeenAt)) throw corrupt();
  const set = new Uint32Array((record.length - labelEnd) / 4);
  for (let i = 0; i < set.length; i++) set[i] = record.readUInt32LE(labelEnd + i * 4);
  return {
    firstSeenAt,
    id: record.toString('utf8', 10, idEnd),
    label: record.toString('utf8', idEnd + 4, labelEnd),
    set,
  };
}
