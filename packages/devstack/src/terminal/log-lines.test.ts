import { readableLogLines } from './log-lines';

const render = readableLogLines({ colorize: false });
const at = '2026-12-07T11:40:05.123Z';
const local = new Date(at).toTimeString().slice(0, 8);

test.each([
  ['info is left out', '{"level":30,"time":"' + at + '","service":"fetcher","msg":"fetched"}', null],
  ['debug is left out', '{"level":20,"time":"' + at + '","msg":"x"}', null],
  [
    'a warning: one readable line, with its fields, without pid, service and trace ids',
    `{"level":40,"time":"${at}","pid":7,"hostname":"h","service":"fetcher","trace_id":"ab","span_id":"cd","msg":"fetch failed","url":"https://example.org/live","status":503}`,
    `[fetcher] [${local}] WARN: fetch failed {"url":"https://example.org/live","status":503}`,
  ],
  ['an error', `{"level":50,"time":"${at}","msg":"start failed","err":"ECONNREFUSED"}`, `[fetcher] [${local}] ERROR: start failed {"err":"ECONNREFUSED"}`],
  ['not pino JSON: as it came', 'Error: boom', '[fetcher] Error: boom'],
  ['a stack frame: as it came', '    at main (/app/dist/main.js:10:5)', '[fetcher]     at main (/app/dist/main.js:10:5)'],
  ['JSON without a level: as it came', '{"hello":1}', '[fetcher] {"hello":1}'],
  ['broken JSON: as it came', '{"level":40,', '[fetcher] {"level":40,'],
])('%s', (_why, line, shown) => {
  expect(render('fetcher', line)).toBe(shown);
});

test('minLevel 0 keeps info lines too (the last lines of a service that died)', () => {
  expect(readableLogLines({ colorize: false, minLevel: 0 })('parser', `{"level":30,"time":"${at}","msg":"parsed","entries":4}`)).toBe(`[parser] [${local}] INFO: parsed {"entries":4}`);
});
