import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFingerprint, extractorVersion } from './version';

test('the extractor version is 16 hex digits, and a fresh copy of the library computes the same', () => {
  expect(extractorVersion()).toMatch(/^[0-9a-f]{16}$/);
  jest.isolateModules(() => {
    expect(jest.requireActual<typeof import('./version')>('./version').extractorVersion()).toBe(extractorVersion());
  });
});

test('the fingerprint changes with the code, not with tests or declarations', () => {
  const root = mkdtempSync(join(tmpdir(), 'lbi-version-'));
  try {
    mkdirSync(join(root, 'html'));
    writeFileSync(join(root, 'html', 'parse.js'), 'exports.a = 1;');
    const before = codeFingerprint(root);
    writeFileSync(join(root, 'html', 'parse.test.ts'), 'test();');
    writeFileSync(join(root, 'html', 'parse.d.ts'), 'export {};');
    expect(codeFingerprint(root)).toBe(before);
    writeFileSync(join(root, 'html', 'parse.js'), 'exports.a = 2;');
    expect(codeFingerprint(root)).not.toBe(before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
