import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '@liveblog/devstack';
import { eventually, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

export interface SamplePipeline {
  pipeline: RunningPipeline;
  /** Where the sample liveblog is served (polled every 5 s). */
  sampleUrl: string;
  /** The page as served now. */
  body(): string;
  /** Changes the page for the polls to come. */
  edit(change: (body: string) => string): void;
  stop(): Promise<void>;
}

/** The whole pipeline on the sample liveblog, served over HTTP so that a test can edit it; resolves once it is indexed. */
export async function startSamplePipeline(env: Record<string, string> = {}): Promise<SamplePipeline> {
  let body = readFileSync(join(repoRoot(), 'config', 'samples', 'sturmtief.txt'), 'utf8');
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sampleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sturmtief.txt`;
  const sourcesFile = writeSourcesFile(`sources:\n  - url: ${sampleUrl}\n    intervalSeconds: 5\n`);
  const pipeline = await startPipeline({ sourcesFile, services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'], env });
  await eventually(async () => ((await (await fetch(`${pipeline.apiUrl}/v1/entries?limit=1`)).json()) as { items: unknown[] }).items.length > 0 || undefined, 'the sample liveblog indexed');
  return {
    pipeline,
    sampleUrl,
    body: () => body,
    edit: (change) => {
      body = change(body);
    },
    async stop() {
      await pipeline.stop();
      await new Promise((r) => server.close(r));
    },
  };
}
