import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateSecret, signature, signedHeaders } from './signature';

const now = () => Math.floor(Date.now() / 1000);

describe('signatures, checked against the Standard Webhooks reference implementation', () => {
  test.each([
    ['a typical event', 'deliver.wh_0123456789abcdef.1764503000000-0', '{"type":"entry.created","data":{"entryId":"en_3f2a9c1d7b4e6a01"}}'],
    ['an empty body', 'msg_1', ''],
    ['non-ASCII text', 'msg_2', '{"headline":"Pegel in Husum steigt weiter – 2,10 m über MHW"}'],
  ])('%s verifies', (_what, id, body) => {
    const secret = generateSecret();
    const headers = signedHeaders(secret, id, now(), body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
  });

  test('the same bytes as the reference signer', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const at = new Date('2026-11-30T11:43:06Z');
    expect(signature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', at.getTime() / 1000, '{"test": 2432232314}')).toBe(new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at, '{"test": 2432232314}'));
  });

  test.each([
    ['a changed body', (h: Record<string, string>) => ({ headers: h, body: '{"type":"entry.deleted"}' })],
    ['another id', (h: Record<string, string>) => ({ headers: { ...h, 'webhook-id': 'msg_other' }, body: '{"type":"entry.created"}' })],
    ['another secret', (h: Record<string, string>) => ({ headers: { ...h, 'webhook-signature': signature(generateSecret(), h['webhook-id']!, Number(h['webhook-timestamp']), '{"type":"entry.created"}') }, body: '{"type":"entry.created"}' })],
  ])('%s does not verify', (_what, tamper) => {
    const secret = generateSecret();
    const { headers, body } = tamper(signedHeaders(secret, 'msg_1', now(), '{"type":"entry.created"}'));
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  test('secrets are whsec_ and 32 random bytes', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });
});
