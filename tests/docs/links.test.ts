import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '@liveblog/devstack';

/**
 * The README and the manuals in docs/ as a reader follows them: every relative link leads to a file
 * that exists (and to a heading in it, by GitHub's anchors), and every `npm run X` they name is a script.
 */

const root = repoRoot();
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
const text = (file: string) => readFileSync(join(root, file), 'utf8');
/** Fenced code blocks hold examples, not links or headings. */
const prose = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = plain.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function links(markdown: string): string[] {
  const withoutCode = prose(markdown).replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

test('the slugs follow GitHub: punctuation dropped, spaces kept as hyphens, repeats numbered', () => {
  expect([...headingAnchors('# The embedded MongoDB: FerretDB 1.24 on SQLite\n## Soak (`npm run bench:soak`)\n## Soak (`npm run bench:soak`)\n```\n# not a heading\n```\n')]).toEqual([
    'the-embedded-mongodb-ferretdb-124-on-sqlite',
    'soak-npm-run-benchsoak',
    'soak-npm-run-benchsoak-1',
  ]);
});

test.each(docs)('every relative link in %s leads to a file, and to a heading in it', (file) => {
  const broken: string[] = [];
  for (const target of links(text(file))) {
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const absolute = path ? resolve(dirname(join(root, file)), decodeURI(path)) : join(root, file);
    if (!existsSync(absolute)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor === undefined || !absolute.endsWith('.md') || statSync(absolute).isDirectory()) continue;
    if (!headingAnchors(readFileSync(absolute, 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${relative(root, absolute)}`);
  }
  expect(broken).toEqual([]);
});

const workspaceScripts = (name: string): Record<string, string> | undefined => {
  for (const dir of ['packages', 'services']) {
    for (const entry of readdirSync(join(root, dir))) {
      const manifest = join(root, dir, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; scripts?: Record<string, string> };
      if (pkg.name === name) return pkg.scripts ?? {};
    }
  }
  return undefined;
};

test.each(docs)('every npm script %s names exists', (file) => {
  const rootScripts = (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts;
  const missing: string[] = [];
  for (const m of text(file).matchAll(/\bnpm (?:run ([\w:.-]+)(?:\s+(?:-w|--workspace)[ =\n]\s*([@\w/.-]+))?|(start|test)\b)/g)) {
    const [, script, workspace, lifecycle] = m;
    const name = script ?? lifecycle!;
    const scripts = workspace ? workspaceScripts(workspace) : rootScripts;
    if (!scripts?.[name]) missing.push(workspace ? `${name} in ${workspace}` : name);
  }
  expect(missing).toEqual([]);
});
