/** What the receiving MTA found about the `From:` domain: proven, disproven, or nothing to say. */
export type MtaVerdict = 'pass' | 'fail' | 'none';

/**
 * Reads `Authentication-Results` (RFC 8601) headers, but only those stamped with `trustedAuthservId`,
 * the id of our own MTA; without one configured, none are believed (anyone can write this header).
 * Our MTA must remove any incoming header that carries its id, as RFC 8601 §5 asks, or a sender could
 * forge its verdict.
 *
 * A result counts only when it is about the `From:` domain (aligned, as DMARC means it): `dmarc=pass`
 * for that header.from, `dkim=pass` signed by (header.d) that domain, or `spf=pass` for an envelope
 * sender (smtp.mailfrom) of that domain. SPF or DKIM for another domain proves nothing about From.
 * Any aligned `fail` with no aligned `pass` disproves it.
 */
export function mtaVerdict(headers: readonly string[], fromAddress: string, trustedAuthservId: string | undefined): MtaVerdict {
  if (!trustedAuthservId) return 'none';
  const fromDomain = domainOf(fromAddress);
  if (!fromDomain) return 'none';
  let verdict: MtaVerdict = 'none';
  for (const header of headers) {
    const [authservId, ...results] = header
      .replace(/\([^)]*\)/g, ' ')
      .split(';')
      .map((part) => part.trim());
    if (authservId?.split(/\s+/)[0]?.toLowerCase() !== trustedAuthservId.toLowerCase()) continue;
    for (const result of results) {
      const parsed = parseResult(result);
      if (!parsed || !aligned(parsed, fromDomain)) continue;
      if (parsed.result === 'pass') return 'pass';
      if (parsed.result === 'fail') verdict = 'fail';
    }
  }
  return verdict;
}

interface MethodResult {
  method: string;
  result: string;
  properties: Record<string, string>;
}

/** `dkim=pass header.d=example.com header.s=sel` → method, result and properties (lower-cased). */
function parseResult(text: string): MethodResult | null {
  const [head, ...rest] = text.split(/\s+/);
  const match = /^([a-z0-9-]+)=([a-z]+)$/i.exec(head ?? '');
  if (!match) return null;
  const properties: Record<string, string> = {};
  for (const pair of rest) {
    const at = pair.indexOf('=');
    if (at > 0)
      properties[pair.slice(0, at).toLowerCase()] = pair
        .slice(at + 1)
        .replace(/^"|"$/g, '')
        .toLowerCase();
  }
  return { method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), properties };
}

function aligned({ method, properties }: MethodResult, fromDomain: string): boolean {
  if (method === 'dmarc') return (properties['header.from'] ?? fromDomain) === fromDomain;
  if (method === 'dkim') return properties['header.d'] === fromDomain || domainOf(properties['header.i'] ?? '') === fromDomain;
  if (method === 'spf') return domainOf(properties['smtp.mailfrom'] ?? '') === fromDomain || properties['smtp.mailfrom'] === fromDomain;
  return false;
}

function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at >= 0
    ? address
        .slice(at + 1)
        .trim()
        .toLowerCase() || null
    : null;
}
