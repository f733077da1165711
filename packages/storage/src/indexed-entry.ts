/** What indexing one extraction did to an entry, decided from the stored state so replays agree. */
export type EntryChange = 'created' | 'updated' | 'restored' | 'deleted';

export interface IndexedEntry {
  entryId: string;
  key: string;
  contentHash: string;
  change: EntryChange;
}
