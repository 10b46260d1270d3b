import { join } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startTemporalDevServer } from './temporal-dev-server';

export interface InfrastructureOptions {
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalCli: string;
  /** Tests trade durability for speed: an in-memory Temporal store. */
  persistentTemporal?: boolean;
  postgresPort?: number;
  temporalPort?: number;
  temporalUiPort?: number;
  log: (line: string) => void;
}

export interface Infrastructure {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  /** What was started here rather than given by the environment, for the start banner. */
  started: string[];
  stop(): Promise<void>;
}

/**
 * PostgreSQL and Temporal: the ones the environment names, or embedded ones started here with
 * their data under dataDir.
 */
export async function startInfrastructure(opts: InfrastructureOptions): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const started: string[] = [];
  try {
    let databaseUrl = opts.databaseUrl;
    let temporalAddress = opts.temporalAddress;
    let temporalUiUrl: string | undefined;
    const [pgResult, temporalResult] = await Promise.allSettled([
      databaseUrl
        ? undefined
        : startEmbeddedPostgres({ dataDir: join(opts.dataDir, 'postgres'), ...(opts.postgresPort ? { port: opts.postgresPort } : {}) }),
      temporalAddress
        ? undefined
        : startTemporalDevServer({
            binary: opts.temporalCli,
            dataDir: join(opts.dataDir, 'temporal'),
            persistent: opts.persistentTemporal ?? true,
            ...(opts.temporalPort ? { port: opts.temporalPort } : {}),
            ...(opts.temporalUiPort ? { uiPort: opts.temporalUiPort } : {}),
          }),
    ]);
    // Both are started in parallel; whichever came up must be stopped if the other failed.
    const pg = pgResult.status === 'fulfilled' ? pgResult.value : undefined;
    const temporal = temporalResult.status === 'fulfilled' ? temporalResult.value : undefined;
    if (pg) stops.push(pg.stop);
    if (temporal) stops.push(temporal.stop);
    if (pgResult.status === 'rejected')
      throw new Error(
        `embedded PostgreSQL did not start: ${(pgResult.reason as Error | undefined)?.message ?? 'it exited at once; see the log above'}`,
      );
    if (temporalResult.status === 'rejected')
      throw new Error(`Temporal dev server did not start: ${String((temporalResult.reason as Error)?.message ?? temporalResult.reason)}`);
    if (pg) {
      databaseUrl = pg.url;
      started.push(`embedded PostgreSQL ${pg.url.replace(/\/\/[^@]+@/, '//')}`);
    }
    if (temporal) {
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
      started.push(`Temporal dev server ${temporal.address} (UI ${temporal.uiUrl})`);
    }
    return {
      databaseUrl: databaseUrl!,
      temporalAddress: temporalAddress!,
      ...(temporalUiUrl ? { temporalUiUrl } : {}),
      started,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch((err) => opts.log(`stop failed: ${String(err)}`));
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
