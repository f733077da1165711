import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@liveblog/devstack';
import { parse as parseYaml } from 'yaml';

/** The operators' alerts: valid, each one tested firing and not firing, and drawn on the Grafana board. */

interface Rule { alert: string; expr: string; annotations?: { panel?: string } }
interface RuleTest { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }
interface Panel { title: string; description?: string; targets: { expr: string }[]; fieldConfig?: { defaults?: { thresholds?: { steps: { color: string; value: number | null }[] } } } }

const prometheusDir = join(repoRoot(), 'infra', 'prometheus');
const rules = (parseYaml(readFileSync(join(prometheusDir, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const ruleTests = (parseYaml(readFileSync(join(prometheusDir, 'alerts.test.yml'), 'utf8')) as { tests: RuleTest[] }).tests.flatMap((t) => t.alert_rule_test ?? []);
const panels = (JSON.parse(readFileSync(join(repoRoot(), 'infra', 'grafana', 'dashboards', 'liveblog-ingest.json'), 'utf8')) as { panels: Panel[] }).panels;

/** promtool from Debian's prometheus package; scripts/bootstrap.mjs --with-promtool installs it. */
const promtool = (args: string[]) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile('promtool', args, { cwd: prometheusDir }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr }));
  });

test('promtool accepts the rules, and its unit tests of them pass', async () => {
  expect(await promtool(['check', 'rules', 'alerts.yml'])).toMatchObject({ code: 0 });
  const tested = await promtool(['test', 'rules', 'alerts.test.yml']);
  expect([tested.code, tested.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
});

test('every alert has a case that fires and one that does not', () => {
  expect(rules.length).toBeGreaterThanOrEqual(8);
  const cases = (alert: string, firing: boolean) => ruleTests.filter((t) => t.alertname === alert && t.exp_alerts.length > 0 === firing).length;
  expect(rules.map((r) => [r.alert, cases(r.alert, true) > 0, cases(r.alert, false) > 0])).toEqual(rules.map((r) => [r.alert, true, true]));
});

/** The bound an alert compares with: the first `>`, `>=` or `<` and its number. */
const thresholdOf = (expr: string) => Number(/(?:>=?|<)\s*([0-9.]+)/.exec(expr)?.[1]);

test('the Grafana board draws each alert threshold on the panel the rule names, from the same metric', () => {
  const drawn = rules.filter((r) => r.annotations?.panel);
  expect(drawn.length).toBeGreaterThanOrEqual(4);
  for (const rule of drawn) {
    const panel = panels.find((p) => p.title === rule.annotations!.panel);
    const steps = panel?.fieldConfig?.defaults?.thresholds?.steps ?? [];
    const metric = /\bliveblog_[a-z_]+/.exec(rule.expr)![0];
    expect([rule.alert, steps.find((s) => s.color === 'red')?.value, panel?.targets.some((t) => t.expr.includes(metric)), panel?.description?.includes(rule.alert)]).toEqual([rule.alert, thresholdOf(rule.expr), true, true]);
  }
  // And no panel draws a threshold that no alert has.
  const named = new Set(drawn.map((r) => r.annotations!.panel));
  expect(panels.filter((p) => p.fieldConfig?.defaults?.thresholds && !named.has(p.title)).map((p) => p.title)).toEqual([]);
});
