import type { ParsedSourceSpec } from '@liveblog/contracts';
import type { SourceDoc, SourceStore } from '@liveblog/storage';
import type { SourceControls } from './admin-spec';
import { SourceConflictError, UnknownSourceError } from './errors';
import type { SourceScheduler } from './scheduler';

/**
 * Every change to a source, store and scheduler together. The document is written first and the
 * scheduler made to match it after, so a caller that fails in between and repeats converges.
 */
export class SourceManager {
  constructor(
    private readonly sources: SourceStore,
    private readonly scheduler: SourceScheduler,
  ) {}

  /** The sources file: upserted by URL, then each polled or not as its document says. */
  async declare(specs: readonly ParsedSourceSpec[]): Promise<SourceDoc[]> {
    const docs = await this.sources.upsertSpecs(specs);
    for (const doc of docs) await this.sync(doc);
    return docs;
  }

  /** Adds a source, or returns the one with that URL; either way it is scheduled as its document says. */
  async add(spec: ParsedSourceSpec): Promise<{ source: SourceDoc; created: boolean }> {
    const result = await this.sources.create(spec);
    await this.sync(result.source);
    return result;
  }

  /** Checked against the source before anything is written, so a refused change leaves it as it was. */
  async update(id: string, change: SourceControls): Promise<SourceDoc> {
    const before = await this.sources.get(id);
    if (!before) throw new UnknownSourceError(id);
    if (change.extract && before.kind === 'index') throw new SourceConflictError('extract applies to liveblog sources only');
    if (change.render && before.kind === 'file') throw new SourceConflictError('render applies to http(s) sources only');
    const doc = await this.sources.updateControls(id, change);
    if (!doc) throw new UnknownSourceError(id);
    await this.sync(doc);
    return doc;
  }

  /** Stops polling before the document goes, so no scheduler outlives its source. */
  async remove(id: string): Promise<void> {
    if (!(await this.sources.get(id))) throw new UnknownSourceError(id);
    await this.scheduler.stop(id);
    await this.sources.remove(id);
  }

  /** Paused and ended sources have no scheduler; the others poll at the interval in force. */
  private async sync(doc: SourceDoc): Promise<void> {
    if (doc.paused || doc.status.ended) await this.scheduler.stop(doc._id);
    else await this.scheduler.schedule(doc._id, doc.status.intervalSeconds ?? doc.intervalSeconds);
  }
}
