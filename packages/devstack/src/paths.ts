import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/** The monorepo root: the nearest ancestor of this file whose package.json declares `workspaces`. */
export function repoRoot(from: string = __dirname): string {
  if (cachedRoot && from === __dirname) return cachedRoot;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && hasWorkspaces(manifest)) {
      if (from === __dirname) cachedRoot = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no package.json with "workspaces" above ${from}`);
    }
  }
}

/** Where the persistent local stack keeps its data (`.data/`, git-ignored). */
export function dataDir(root: string = repoRoot()): string {
  return path.join(root, '.data');
}

/** The FerretDB launcher that `scripts/bootstrap.mjs` builds from `infra/ferretdb`. */
export function ferretdbBinary(root: string = repoRoot()): string {
  return path.join(root, '.cache', 'bin', 'ferretdb-launcher');
}

function hasWorkspaces(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces !== undefined;
  } catch {
    return false;
  }
}
