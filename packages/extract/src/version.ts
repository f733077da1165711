import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | null = null;

/**
 * A fingerprint of this library's code as it runs (its compiled modules, or its sources under test):
 * a reparse asks for extraction "with today's code", so a new extractor is a new version to reparse
 * with, while the same code asked twice is the same version.
 */
export function extractorVersion(): string {
  cached ??= codeFingerprint(__dirname);
  return cached;
}

/** The modules under `root` (tests, declarations and the benchmark's build left out), hashed by path and content. */
export function codeFingerprint(root: string): string {
  const hash = createHash('sha256');
  const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile() && /\.(?:js|ts)$/.test(d.name) && !/\.(?:test|d)\.ts$/.test(d.name))
    .map((d) => join(d.parentPath ?? d.path, d.name))
    // The benchmark's build lands beside the library's (dist/bench-build) but is not extraction code.
    .filter((file) => !file.slice(root.length).includes('bench-build'))
    .sort();
  for (const file of files) hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}
