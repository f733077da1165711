import { loadConfig } from '@liveblog/runtime';
import { delivererConfig } from './config';

test('defaults: 24 attempts from 5 s, waits capped at 10 min, 10 s per attempt, no host allowed beyond public ones', () => {
  expect(loadConfig(delivererConfig, {})).toMatchObject({ WEBHOOK_ATTEMPTS: 24, WEBHOOK_BACKOFF_MS: 5_000, WEBHOOK_BACKOFF_MAX_MS: 600_000, WEBHOOK_TIMEOUT_MS: 10_000, WEBHOOK_ORDER_WAIT_MS: 1_000, WEBHOOK_ALLOWED_HOSTS: [] });
  expect(loadConfig(delivererConfig, { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, hooks.intranet' }).WEBHOOK_ALLOWED_HOSTS).toEqual(['127.0.0.1', 'hooks.intranet']);
});

test.each([
  ['WEBHOOK_ATTEMPTS', '0'],
  ['WEBHOOK_ATTEMPTS', 'many'],
  ['WEBHOOK_BACKOFF_MS', '5'],
  ['WEBHOOK_TIMEOUT_MS', '600000'],
  ['WEBHOOK_ORDER_WAIT_MS', '-1'],
  ['WEBHOOK_DISPATCH_BATCH', '0'],
])('%s=%s is refused at start, by name', (name, value) => {
  expect(() => loadConfig(delivererConfig, { [name]: value })).toThrow(new RegExp(name));
});
