import { AddressGuard, isPublicAddress } from './address-guard';

describe('isPublicAddress', () => {
  test.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700::1111', true],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:93.184.216.34', true],
    ['not-an-ip', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe('AddressGuard', () => {
  const guard = new AddressGuard(['127.0.0.1', 'Intranet.Example'], 'FETCH_ALLOWED_HOSTS');

  test.each([
    ['127.0.0.1', null],
    ['[::1]', 'refusing to fetch ::1: not a public address (allow it with FETCH_ALLOWED_HOSTS)'],
    ['169.254.169.254', 'refusing to fetch 169.254.169.254: not a public address (allow it with FETCH_ALLOWED_HOSTS)'],
    ['93.184.216.34', null],
    ['example.com', null],
  ])('literal %s', (host, refusal) => {
    expect(guard.refusalForLiteral(host)).toBe(refusal);
  });

  test('a refusal names the setting and the verb it was made for', () => {
    expect(new AddressGuard([], 'WEBHOOK_ALLOWED_HOSTS', 'deliver to').refusalForLiteral('10.0.0.1')).toBe('refusing to deliver to 10.0.0.1: not a public address (allow it with WEBHOOK_ALLOWED_HOSTS)');
  });

  test('allowed hosts are matched case-insensitively', () => {
    expect(guard.allows('intranet.example')).toBe(true);
    expect(guard.allows('localhost')).toBe(false);
  });

  test('a name that resolves only to loopback is refused at lookup', async () => {
    const result = await new Promise<{ err: NodeJS.ErrnoException | null }>((resolve) =>
      guard.lookup('localhost', { all: true }, (err) => resolve({ err })),
    );
    expect(result.err?.message).toMatch(/refusing to fetch localhost: it resolves only to non-public addresses/);
  });
});
