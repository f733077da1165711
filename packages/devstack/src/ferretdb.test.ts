import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { MissingBinaryError } from './errors';
import { ferretdbBackend, FERRETDB_BACKENDS, startFerretDB } from './ferretdb';
import { freePort } from './ports';
import { tcpAccepts } from './probes';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'devstack-ferretdb-test-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test.each(FERRETDB_BACKENDS)('starts FerretDB on %s, which the mongodb driver can use, and stops it', async (backend) => {
  const port = await freePort();
  const ferretdb = await startFerretDB({ port, dir, backend });
  try {
    expect(ferretdb.url).toBe(`mongodb://127.0.0.1:${port}/`);
    const client = new MongoClient(ferretdb.url, { serverSelectionTimeoutMS: 5000 });
    try {
      const items = client.db('devstack_test').collection<{ _id: string; n: number }>('items');
      await items.insertOne({ _id: 'a', n: 1 });
      expect(await items.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
    } finally {
      await client.close();
    }
  } finally {
    await ferretdb.stop();
  }
  expect(ferretdb.process.exitCode).toBe(0);
  expect(await tcpAccepts(port)).toBe(false);
});

test.each([
  [{}, 'sqlite'],
  [{ FERRETDB_BACKEND: '' }, 'sqlite'],
  [{ FERRETDB_BACKEND: 'postgresql' }, 'postgresql'],
  [{ FERRETDB_BACKEND: 'postgres' }, /must be one of sqlite, postgresql/],
])('FERRETDB_BACKEND %j', (env, want) => {
  if (typeof want === 'string') expect(ferretdbBackend(env)).toBe(want);
  else expect(() => ferretdbBackend(env)).toThrow(want);
});

test('a missing launcher says how to build it', async () => {
  const error = await startFerretDB({ port: await freePort(), dir, binary: path.join(dir, 'nope') }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MissingBinaryError);
  expect((error as Error).message).toMatch(/npm start or npm test/);
});

// FerretDB 1.24 indexes _id on an expression its own lookups do not use; the launcher adds the one
// they do (infra/ferretdb/id_index.go). Without it every lookup by _id scans its collection.
test('lookups by _id use an index, in collections created while it runs', async () => {
  const ferretdb = await startFerretDB({ port: await freePort(), dir });
  const client = new MongoClient(ferretdb.url, { serverSelectionTimeoutMS: 5000 });
  try {
    const items = client.db('devstack_test').collection<{ _id: string; n: number }>('lookups');
    await items.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: `item-${n}`, n })));
    // A lookup first: EXPLAIN alone does not make a SQLite connection notice an index another one added.
    const plan = async () => {
      await items.findOne({ _id: 'item-7' });
      return JSON.stringify((await items.find({ _id: 'item-7' }).explain()).queryPlanner);
    };
    const deadline = Date.now() + 10_000;
    let last = await plan();
    while (!last.includes('__id_lookup') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      last = await plan();
    }
    expect(last).toMatch(/SEARCH \S+ USING INDEX \S+__id_lookup/);
  } finally {
    await client.close();
    await ferretdb.stop();
  }
});

test('the launcher reports the write lock time of each command and collection at /debug/writes', async () => {
  const debugAddr = `127.0.0.1:${await freePort()}`;
  const ferretdb = await startFerretDB({ port: await freePort(), dir, debugAddr });
  const client = new MongoClient(ferretdb.url, { serverSelectionTimeoutMS: 5000 });
  try {
    const metered = client.db('devstack_test').collection<{ _id: string; n?: number }>('metered');
    for (let n = 0; n < 3; n++) await metered.updateOne({ _id: 'one' }, { $set: { n } }, { upsert: true });
    await metered.deleteOne({ _id: 'one' });
    await metered.findOne({ _id: 'one' });
    const report = await (await fetch(`http://${debugAddr}/debug/writes`)).text();
    const line = (write: string) => report.split('\n').find((l) => l.startsWith(`${write} `))?.trim().split(/\s+/);
    expect(line('update metered')?.[2]).toBe('3');
    expect(line('delete metered')?.[2]).toBe('1');
    expect(report).not.toMatch(/^find /m);
  } finally {
    await client.close();
    await ferretdb.stop();
  }
});

// FerretDB 1.24 applies an update by reading the document and writing it back whole, so concurrent
// updates of one document lose fields; the launcher lets one write command through at a time
// (infra/ferretdb/write_serializer.go), as MongoDB's single-document atomicity promises.
test.each(FERRETDB_BACKENDS)('concurrent updates of one document all land (%s)', async (backend) => {
  const ferretdb = await startFerretDB({ port: await freePort(), dir, backend });
  const clients = Array.from({ length: 4 }, () => new MongoClient(ferretdb.url, { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 }));
  try {
    const docs = (i: number) => clients[i % clients.length]!.db('devstack_test').collection<{ _id: string; fields?: Record<string, number> }>('shared');
    for (let round = 0; round < 5; round++) {
      const id = `doc-${round}`;
      await Promise.all(Array.from({ length: 40 }, (_, i) => docs(i).updateOne({ _id: id }, { $set: { [`fields.f${i}`]: i } }, { upsert: true }).catch(() => docs(i).updateOne({ _id: id }, { $set: { [`fields.f${i}`]: i } }, { upsert: true }))));
      const doc = await docs(0).findOne({ _id: id });
      expect(Object.keys(doc?.fields ?? {})).toHaveLength(40);
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await ferretdb.stop();
  }
});
