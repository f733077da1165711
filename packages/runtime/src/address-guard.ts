import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses an outgoing request (a fetch of a page, a webhook delivery) must never reach unless the
 * operator allows the host: loopback, private, link-local
 * (which includes cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast,
 * reserved and documentation ranges, and their IPv6 counterparts (IPv4-mapped addresses included).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96], ['100::', 64],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !blocked.check(ip, 'ipv6');
  }
  return !blocked.check(ip, 'ipv4');
}

/**
 * Refuses non-public targets. The check runs on the resolved address at connect time (no DNS rebinding).
 * Tests allow loopback by listing 127.0.0.1 among the allowed hosts, as an operator would an intranet host.
 */
export class AddressGuard {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedHosts: readonly string[],
    /** The setting that lists the allowed hosts, named in refusals (e.g. FETCH_ALLOWED_HOSTS). */
    private readonly allowSetting: string,
    /** What is refused, in refusals: `fetch`, `deliver to`. */
    private readonly verb = 'fetch',
  ) {
    this.allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  }

  allows(host: string): boolean {
    return this.allowed.has(stripBrackets(host).toLowerCase());
  }

  /** For a host given as an IP literal, which never goes through DNS: the reason to refuse, or null. */
  refusalForLiteral(host: string): string | null {
    const bare = stripBrackets(host);
    if (isIP(bare) === 0 || this.allows(bare) || isPublicAddress(bare)) return null;
    return `refusing to ${this.verb} ${bare}: not a public address (allow it with ${this.allowSetting})`;
  }

  /** A dns.lookup for undici's connector that drops non-public addresses of hosts not allowed. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const usable = this.allows(hostname) ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      if (usable.length === 0) {
        const error = Object.assign(new Error(`refusing to ${this.verb} ${hostname}: it resolves only to non-public addresses`), { code: 'EADDRNOTPUBLIC' });
        return callback(error, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
