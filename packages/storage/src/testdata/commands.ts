import type { CommandStartedEvent, Document } from 'mongodb';
import { testEnv } from '../../../../tests/harness/env';
import { Store } from '../store';

/** A store that keeps every command it sends, for tests of which filters a write path uses. */
export async function openRecordingStore(): Promise<{ store: Store; sent: CommandStartedEvent[] }> {
  const store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb, { monitorCommands: true });
  const sent: CommandStartedEvent[] = [];
  store.database.client.on('commandStarted', (event) => sent.push(event));
  return { store, sent };
}

/** Every filter sent to `collection` among these commands: of finds, updates and deletes. */
export function filtersSentTo(collection: string, events: readonly CommandStartedEvent[]): Document[] {
  return events.flatMap(({ commandName, command }) => {
    if (command[commandName] !== collection) return [];
    if (commandName === 'find') return [command.filter as Document];
    if (commandName === 'update') return (command.updates as { q: Document }[]).map((u) => u.q);
    if (commandName === 'delete') return (command.deletes as { q: Document }[]).map((d) => d.q);
    return [];
  });
}

/** The distinct sets of fields the filters name, e.g. `['_id']` when every filter is a bare _id. */
export const filterShapes = (filters: readonly Document[]) => [...new Set(filters.map((f) => Object.keys(f).sort().join(',')))];
