import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point. Always: http or https, no credentials in the URL. With private targets
 * refused (the default in production, FLOWDESK_WEBHOOK_PRIVATE_TARGETS): no loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast or unspecified address — checked on the
 * URL when subscribing and again on what the name resolves to before every attempt, so a DNS answer that
 * changes later cannot turn a webhook into a probe of the desk's own network.
 */
export type PrivateTargets = 'allow' | 'refuse';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** Why `url` cannot be a webhook target, or null when it can (the address part is checked when it is literal). */
export function targetProblem(url: string, privateTargets: PrivateTargets): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must use http or https, not ${parsed.protocol.replace(':', '')}`;
  if (parsed.username || parsed.password) return 'must not carry a user name or password (the signature authenticates us)';
  if (privateTargets === 'allow') return null;
  const host = hostOf(parsed);
  if (host === 'localhost' || host.endsWith('.localhost')) return `points at this system (${host})`;
  if (isIP(host) && isPrivateAddress(host)) return `points at a private, loopback or link-local address (${host})`;
  return null;
}

/** Resolves the URL's host and refuses it when any address it names is private (see {@link targetProblem}). */
export async function resolvedTargetProblem(url: string, privateTargets: PrivateTargets): Promise<string | null> {
  const literal = targetProblem(url, privateTargets);
  if (literal || privateTargets === 'allow') return literal;
  const host = hostOf(new URL(url));
  if (isIP(host)) return null;
  const addresses = await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (!addresses.length) return `host ${host} does not resolve`;
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  return bad ? `host ${host} resolves to a private, loopback or link-local address (${bad.address})` : null;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries (a ::ffff:0:0/96 rule would
    // also catch every plain IPv4 address: BlockList checks IPv4 against IPv6 rules in mapped form).
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? PRIVATE.check(mapped[1]!, 'ipv4') : PRIVATE.check(address, 'ipv6');
  }
  return true;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
