import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { TemporalSecurity } from './config';

/** What both the client's Connection and the worker's NativeConnection take besides the address. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/**
 * Connection options for Temporal from the configuration: plain gRPC for the dev server or a private
 * cluster, TLS with a client certificate (mTLS, Temporal Cloud's certificate namespaces, or a self-hosted
 * cluster with `global.tls`), or TLS with an API key (Temporal Cloud's API-key namespaces).
 * @throws Error naming the variable whose file cannot be read, so a wrong path stops the process at boot.
 */
export function temporalConnectionOptions(address: string, security: TemporalSecurity): TemporalConnectionOptions {
  if (!security.tls) return { address };
  const tls: TLSConfig = {
    ...(security.serverName ? { serverNameOverride: security.serverName } : {}),
    ...(security.serverCaPath ? { serverRootCACertificate: readPem('TEMPORAL_TLS_CA', security.serverCaPath) } : {}),
    ...(security.clientCertPath && security.clientKeyPath
      ? {
          clientCertPair: {
            crt: readPem('TEMPORAL_TLS_CERT', security.clientCertPath),
            key: readPem('TEMPORAL_TLS_KEY', security.clientKeyPath),
          },
        }
      : {}),
  };
  return { address, tls, ...(security.apiKey ? { apiKey: security.apiKey } : {}) };
}

function readPem(variable: string, path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!pem.toString('utf8').includes('-----BEGIN ')) throw new Error(`${variable}: ${path} is not a PEM file`);
  return pem;
}
