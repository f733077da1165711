import type { ParsedSourceSpec } from '@liveblog/contracts';
import type { SourceDoc, SourceStore } from '@liveblog/storage';
import type { SourceControls } from './admin-spec';
import { UnknownSourceError } from './errors';
import type { SourceScheduler } from './scheduler';

/** The source lock the fetcher holds while it polls (`SourceLock` in @liveblog/runtime). */
export interface SourceLocking {
  with<T>(sourceId: string, waitMs: number, work: () => Promise<T>): Promise<T>;
}

/** How long an operator's change waits for a poll of the source under way (a fetch takes up to 30 s). */
const WAIT_FOR_POLL_MS = 35_000;

/**
 * Every change to a source, store and scheduler together. The document is written first and the
 * scheduler made to match it after, so a caller that fails in between and repeats converges. Changes
 * of an existing source hold its lock, so a poll under way cannot plan over them.
 */
export class SourceManager {
  constructor(
    private readonly sources: SourceStore,
    private readonly scheduler: SourceScheduler,
    private readonly lock: SourceLocking,
  ) {}

  /**
   * The sources file: upserted by URL. Then every source in the store, declared, added or discovered, is
   * polled or not as its document says, so a restart re-arms each chain without adding a second one.
   */
  async declare(specs: readonly ParsedSourceSpec[]): Promise<SourceDoc[]> {
    const docs = await this.sources.upsertSpecs(specs);
    await this.syncAll();
    return docs;
  }

  /** Repairs every chain that stopped (e.g. its job failed for good); pending polls are left alone. */
  async syncAll(): Promise<void> {
    for (const doc of await this.sources.list()) await this.scheduler.ensure(doc);
  }

  /** Adds a source, or returns the one with that URL; either way it is scheduled as its document says. */
  async add(spec: ParsedSourceSpec): Promise<{ source: SourceDoc; created: boolean }> {
    const result = await this.sources.create(spec);
    await this.scheduler.ensure(result.source);
    return { ...result, source: (await this.sources.get(result.source._id)) ?? result.source };
  }

  async update(id: string, change: SourceControls): Promise<SourceDoc> {
    return this.lock.with(id, WAIT_FOR_POLL_MS, async () => {
      const doc = await this.sources.updateControls(id, change);
      if (!doc) throw new UnknownSourceError(id);
      if (change.intervalSeconds !== undefined) await this.scheduler.reschedule(doc);
      else await this.scheduler.ensure(doc);
      return (await this.sources.get(id)) ?? doc;
    });
  }

  /** Stops polling before the document goes, so no planned poll outlives its source. */
  async remove(id: string): Promise<void> {
    await this.lock.with(id, WAIT_FOR_POLL_MS, async () => {
      const doc = await this.sources.get(id);
      if (!doc) throw new UnknownSourceError(id);
      await this.scheduler.stop(doc);
      await this.sources.remove(id);
    });
  }
}
