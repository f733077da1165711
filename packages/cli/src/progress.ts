/**
 * Counts the records of an export as its bytes pass, chunk by chunk: NDJSON ends a record at each line
 * break; CSV at a line break outside quotes (a quoted text may hold line breaks; "" inside quotes flips
 * the state twice), its first record being the header.
 */
export class RecordCounter {
  private inQuotes = false;
  private headerLeft: boolean;
  records = 0;
  bytes = 0;

  constructor(private readonly format: 'csv' | 'ndjson') {
    this.headerLeft = format === 'csv';
  }

  add(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    for (const byte of chunk) {
      if (this.format === 'csv' && byte === 0x22) this.inQuotes = !this.inQuotes;
      else if (byte === 0x0a && !this.inQuotes) {
        if (this.headerLeft) this.headerLeft = false;
        else this.records += 1;
      }
    }
  }
}

export interface Progress {
  records: number;
  bytes: number;
  elapsedMs: number;
  /** Entries the export will hold, when known beforehand (one liveblog's). */
  total: number | null;
}

const BAR = 24;
const count = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** One line of progress: a bar when the total is known, else what has passed; with the rate so far. */
export function progressLine({ records, bytes, elapsedMs, total }: Progress): string {
  const rate = elapsedMs > 0 ? Math.round((records * 1000) / elapsedMs) : 0;
  const facts = `${megabytes(bytes)}  ${count(rate)} entries/s`;
  if (total === null || total === 0) return `${count(records)} entries  ${facts}`;
  const share = Math.min(1, records / total);
  const filled = Math.round(share * BAR);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${count(records)}/${count(total)} entries  ${facts}`;
}
