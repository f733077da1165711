import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The monorepo root: the nearest directory upwards whose package.json declares workspaces. */
export function repoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no workspace root above ${from}`);
  }
}

/** The shared seeds live beside the repository and are read at test time, never copied into it. */
export const SEEDS_DIR = path.resolve(repoRoot(__dirname), '../shared/seeds');

/** A seed's text by its number prefix ("000" … "004"). */
export function readSeed(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((file) => file.startsWith(`${prefix}_`));
  if (!name) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR}`);
  return readFileSync(path.join(SEEDS_DIR, name), 'utf8');
}

export function readTestdata(name: string): string {
  return readFileSync(path.join(__dirname, name), 'utf8');
}
