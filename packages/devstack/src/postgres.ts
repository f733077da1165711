import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ManagedProcess, type LineListener } from './child';
import { MissingBinaryError } from './errors';
import { tcpAccepts } from './probes';
import { orStop, serverHandle, type ServerHandle } from './server';

/** Where Debian installs PostgreSQL's server binaries, one directory per major version. */
const DEBIAN_POSTGRESQL = '/usr/lib/postgresql';
/** PostgreSQL refuses to run as root; on a root shell it runs as the user Debian's package made for it. */
const SERVICE_USER = 'postgres';

export interface PostgresOptions {
  port: number;
  /** The cluster's data directory (initialised on first use). */
  dir: string;
  startTimeoutMs?: number;
  isolate?: boolean;
  onLine?: LineListener;
}

/** The newest installed PostgreSQL's bin directory. */
export function postgresBinDir(): string {
  const versions = existsSync(DEBIAN_POSTGRESQL) ? readdirSync(DEBIAN_POSTGRESQL).filter((v) => existsSync(join(DEBIAN_POSTGRESQL, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new MissingBinaryError('PostgreSQL', join(DEBIAN_POSTGRESQL, '<version>', 'bin', 'postgres'), 'install it (apt-get install postgresql)');
  return join(DEBIAN_POSTGRESQL, newest, 'bin');
}

/** The command line, run as the service user when this process is root. */
function asServiceUser(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', [`--reuid=${SERVICE_USER}`, `--regid=${SERVICE_USER}`, '--init-groups', '--', command, ...args]] : [command, [...args]];
}

/**
 * Starts a private PostgreSQL on 127.0.0.1:`port` with its data (and its socket) in `dir`, created with
 * initdb on first use: one superuser `ferretdb`, trusted on loopback only. Resolves once it accepts
 * connections; the URL names the `postgres` database, in which FerretDB keeps one schema per database.
 */
export async function startPostgres(options: PostgresOptions): Promise<ServerHandle> {
  const { port, dir } = options;
  const bin = postgresBinDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) {
    const { uid, gid } = serviceIds();
    chownSync(dir, uid, gid);
    letServiceUserReach(dir);
  }
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    const [command, args] = asServiceUser(join(bin, 'initdb'), ['-D', dir, '-U', 'ferretdb', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    execFileSync(command, args, { stdio: 'pipe' });
  }
  const [command, args] = asServiceUser(join(bin, 'postgres'), ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`]);
  const proc = new ManagedProcess({ label: `postgresql on port ${port}`, command, args, isolate: options.isolate, onLine: options.onLine });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  await orStop(
    proc,
    (async () => {
      await proc.waitForLine(/database system is ready to accept connections/, { timeoutMs });
      await proc.waitUntil(() => tcpAccepts(port), { timeoutMs });
    })(),
  );
  return serverHandle(`postgres://ferretdb@127.0.0.1:${port}/postgres`, proc, 30_000);
}

function serviceIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, SERVICE_USER], { encoding: 'utf8' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new MissingBinaryError(`the ${SERVICE_USER} user`, SERVICE_USER, 'install PostgreSQL from the distribution, which creates it');
  }
}

/** Lets the service user reach `dir`: temporary parents (mkdtemp) are private to root. Traverse only. */
function letServiceUserReach(dir: string): void {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
  }
}
