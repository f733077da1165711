#!/usr/bin/env node
// Adds lockfile entries for platform-specific optional packages that our npm registry does not serve
// (it has Linux builds only). npm 11 then omits them from package-lock.json, and `npm ci` refuses a
// lockfile that lacks any optional dependency. Each added entry names its platform (os/cpu read from the
// package name), so npm skips it on every other platform without fetching it.
// Run after every `npm install` that changes dependencies: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const lockPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const OSES = ['darwin', 'linux', 'win32', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'android', 'openharmony'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];
const ALIASES = { windows: 'win32', '64': 'x64' };

let added = 0;
for (const [location, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const installAt = `node_modules/${name}`;
    if (lock.packages[installAt] || lock.packages[`${location}/${installAt}`]) continue;
    const tokens = name.split('/').pop().split(/[-_]/).map((t) => ALIASES[t] ?? t);
    const os = tokens.find((t) => OSES.includes(t));
    const cpu = tokens.find((t) => CPUS.includes(t));
    if (!os && !cpu) throw new Error(`${name}: cannot tell its platform from the name; add it by hand`);
    lock.packages[installAt] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
