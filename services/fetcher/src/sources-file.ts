import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SourceSpec, type ParsedSourceSpec } from '@liveblog/contracts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SourcesFileError } from './errors';
import { wildcardSource } from './wildcard';

/**
 * An entry names either a `url` (http/https) or a `path` (local files, relative to the sources file; a
 * `*` in the file name matches any characters). Its other fields are those of SourceSpec, checked there.
 */
const Entry = z.union([
  z.object({ url: z.string() }).passthrough(),
  z.object({ path: z.string().min(1) }).passthrough(),
]);

const SourcesFile = z.object({ sources: z.array(Entry).default([]) }).strict();

export interface LoadedSources {
  specs: ParsedSourceSpec[];
  /** Globs that matched nothing, e.g. optional sample folders that are absent on this machine. */
  unmatched: string[];
}

export function loadSourcesFile(file: string): LoadedSources {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SourcesFileError(`cannot read sources file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = SourcesFile.safeParse(raw ?? {});
  if (!parsed.success) throw new SourcesFileError(`sources file ${file}: ${z.prettifyError(parsed.error)}`);

  const specs: ParsedSourceSpec[] = [];
  const unmatched: string[] = [];
  for (const entry of parsed.data.sources) {
    const { path, url: declared, ...fields } = entry as { path?: string; url?: string } & Record<string, unknown>;
    const urls = path === undefined ? [declared!] : expandPath(dirname(file), path).map((p) => pathToFileURL(p).href);
    if (urls.length === 0) unmatched.push(path ?? declared!);
    for (const url of urls) {
      const defaultName = url.startsWith('file:') ? basename(new URL(url).pathname) : undefined;
      const spec = SourceSpec.safeParse({ name: defaultName, ...fields, url });
      if (!spec.success) throw new SourcesFileError(`sources file ${file}, ${url}: ${z.prettifyError(spec.error)}`);
      specs.push(spec.data);
    }
  }
  return { specs, unmatched };
}

function expandPath(base: string, path: string): string[] {
  const full = isAbsolute(path) ? path : resolve(base, path);
  const pattern = basename(full);
  if (!pattern.includes('*')) return [full];
  const dir = dirname(full);
  const re = new RegExp(`^${wildcardSource(pattern)}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => re.test(n)).sort().map((n) => join(dir, n));
}
