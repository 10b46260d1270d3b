import type { EntityManager } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';
import type { Orm } from '../db/orm';
import { setTenantScope, TenantScope } from '../db/tenant';

/** What the gauge asks Temporal: jobs not yet taken, per type, over the given scopes (workflows/client/job-client.ts). */
export interface JobBacklog {
  waiting(scopes: readonly string[], types: readonly string[]): Promise<Map<string, number>>;
}

// Every service task type any deployed diagram names (subprocesses included), and every job scope:
// one per customer organisation, plus the desk's own work.
const TASK_TYPES = `select distinct t #>> '{}' as type from process_definition d, jsonb_path_query(d.graph, 'lax $.**.taskType') t`;
const SCOPES = `select id from organization`;
const INTERNAL_SCOPE = 'internal';

/**
 * `flowdesk_jobs_waiting{type}`: jobs for external workers that no worker has taken yet, per job type
 * (not per customer: a label never names one). A type our own worker serves is not a job and is left
 * out. Asked of Temporal at each scrape, one task-queue description per type and organisation; when
 * Temporal does not answer in time the last figures stay and the scrape still succeeds.
 */
export function registerJobsWaitingGauge(
  registry: Registry,
  orm: Orm,
  jobs: JobBacklog,
  servedTaskTypes: readonly string[] | undefined,
): () => Promise<void> {
  const gauge = new Gauge({
    name: 'flowdesk_jobs_waiting',
    help: 'Jobs for external workers not yet taken by any worker, by job type (approximate, from Temporal)',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  return async () => {
    // No list of served types means the worker serves every type: there are no external jobs.
    if (!servedTaskTypes) return;
    const em = orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('metrics: job types and scopes, counts only'));
    const { types, scopes } = await em.transactional(async (tx) => ({
      types: ((await tx.execute(TASK_TYPES)) as Array<{ type: string }>).map((r) => r.type),
      scopes: ((await tx.execute(SCOPES)) as Array<{ id: string }>).map((r) => r.id),
    }));
    const external = types.filter((t) => !servedTaskTypes.includes(t)).sort();
    let counts: Map<string, number>;
    try {
      counts = await jobs.waiting([INTERNAL_SCOPE, ...scopes], external);
    } catch {
      return;
    }
    gauge.reset();
    for (const [type, n] of counts) gauge.set({ type }, n);
  };
}
