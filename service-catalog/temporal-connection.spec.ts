import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { temporalConnectionOptions } from './temporal-connection';

const dir = mkdtempSync(join(tmpdir(), 'flowdesk-tls-'));
const pem = (name: string, label: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`);
  return path;
};
const cert = pem('client.pem', 'CERTIFICATE');
const key = pem('client.key', 'PRIVATE KEY');
const ca = pem('ca.pem', 'CERTIFICATE');
const base = { TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' };

describe('Temporal connection settings', () => {
  it('connects in plain gRPC when nothing asks for TLS (dev server, private cluster)', () => {
    const config = loadConfig(base);
    expect(temporalConnectionOptions(config.temporalAddress!, config.temporalSecurity)).toEqual({ address: 'ns.acct.tmprl.cloud:7233' });
  });

  it('sends the client certificate pair and the CA for mTLS', () => {
    const config = loadConfig({
      ...base,
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const options = temporalConnectionOptions(config.temporalAddress!, config.temporalSecurity);
    const tls = options.tls as {
      clientCertPair: { crt: Buffer; key: Buffer };
      serverRootCACertificate: Buffer;
      serverNameOverride: string;
    };
    expect(tls.clientCertPair.crt.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls.clientCertPair.key.toString()).toContain('BEGIN PRIVATE KEY');
    expect(tls.serverRootCACertificate.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls.serverNameOverride).toBe('temporal.internal');
    expect(options.apiKey).toBeUndefined();
  });

  it('turns TLS on for an API key (Temporal Cloud) and passes the key', () => {
    const config = loadConfig({ ...base, TEMPORAL_API_KEY: 'cloud-key' });
    expect(temporalConnectionOptions(config.temporalAddress!, config.temporalSecurity)).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: {},
      apiKey: 'cloud-key',
    });
  });

  it('refuses a certificate without its key, naming both variables', () => {
    expect(() => loadConfig({ ...base, TEMPORAL_TLS_CERT: cert })).toThrow(/TEMPORAL_TLS_CERT.*TEMPORAL_TLS_KEY/);
  });

  it('refuses an API key with TLS turned off rather than send it in clear text', () => {
    expect(() => loadConfig({ ...base, TEMPORAL_TLS: 'off', TEMPORAL_API_KEY: 'cloud-key' })).toThrow(/TEMPORAL_TLS=off/);
  });

  it('names the variable whose file is missing or not PEM', () => {
    const missing = loadConfig({ ...base, TEMPORAL_TLS_CA: join(dir, 'nope.pem') });
    expect(() => temporalConnectionOptions(missing.temporalAddress!, missing.temporalSecurity)).toThrow(
      /TEMPORAL_TLS_CA: cannot read .*ENOENT/,
    );
    const notPem = join(dir, 'plain.txt');
    writeFileSync(notPem, 'hello');
    const wrong = loadConfig({ ...base, TEMPORAL_TLS_CA: notPem });
    expect(() => temporalConnectionOptions(wrong.temporalAddress!, wrong.temporalSecurity)).toThrow(
      /TEMPORAL_TLS_CA: .* is not a PEM file/,
    );
  });
});
