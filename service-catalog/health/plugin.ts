import Joi from 'joi';
import type { Plugin } from '@hapi/hapi';
import { DEPENDENCY_RETRY_AFTER_SEC } from '../http/dependency-errors';

export interface ReadinessProbe {
  name: string;
  check(): Promise<void>;
}

const readiness = Joi.object({
  status: Joi.string().valid('ready', 'not ready').required(),
  checks: Joi.object()
    .pattern(Joi.string(), Joi.object({ ok: Joi.boolean().required(), error: Joi.string() }))
    .required(),
}).label('Readiness');

/** The Camunda version whose REST API Flowdesk answers, as a Camunda client reads it from the topology. */
export const CAMUNDA_API_VERSION = '8.8.0';

const partition = Joi.object({
  partitionId: Joi.number().integer().required(),
  role: Joi.string().valid('leader').required(),
  health: Joi.string().valid('healthy', 'unhealthy').required(),
});
const topology = Joi.object({
  brokers: Joi.array()
    .items(
      Joi.object({
        nodeId: Joi.number().integer().required(),
        host: Joi.string().required(),
        port: Joi.number().integer().required(),
        partitions: Joi.array().items(partition).required(),
        version: Joi.string().required(),
      }),
    )
    .required(),
  clusterId: Joi.string().allow(null).required(),
  clusterSize: Joi.number().integer().required(),
  partitionsCount: Joi.number().integer().required(),
  replicationFactor: Joi.number().integer().required(),
  gatewayVersion: Joi.string().required(),
  lastCompletedChangeId: Joi.string().required(),
}).label('TopologyResponse');

/** Every probe within its time: whether PostgreSQL and Temporal answer, by name. */
async function probeAll(probes: ReadinessProbe[]): Promise<Array<readonly [string, { ok: boolean; error?: string }]>> {
  return Promise.all(
    probes.map(async (probe) => {
      try {
        // Short: a load balancer polls readiness often, and a dependency that takes this long counts as away.
        await withTimeout(probe.check(), 1500);
        return [probe.name, { ok: true }] as const;
      } catch (err) {
        return [probe.name, { ok: false, error: (err as Error).message }] as const;
      }
    }),
  );
}

/**
 * `/health` says the process is alive; `/ready` that PostgreSQL and Temporal answer too. `/v2/topology`
 * says the same in Camunda 8's shape, which Camunda's clients ask to check a connection:
 * this API node as the one broker, its one partition healthy while the node is ready.
 */
export const healthPlugin: Plugin<{ probes: ReadinessProbe[] }> = {
  name: 'flowdesk-health',
  register(server, { probes }) {
    server.route({
      method: 'GET',
      path: '/health',
      options: {
        plugins: { admission: 'exempt' },
        auth: false,
        tags: ['api', 'health'],
        description: 'Liveness',
        response: { schema: Joi.object({ status: Joi.string().valid('ok') }).label('Health') },
      },
      handler: () => ({ status: 'ok' }),
    });
    server.route({
      method: 'GET',
      path: '/ready',
      options: {
        plugins: { admission: 'exempt' },
        auth: false,
        tags: ['api', 'health'],
        description: 'Readiness: database and Temporal reachable',
        response: { status: { 200: readiness, 503: readiness } },
      },
      async handler(_request, h) {
        const results = await probeAll(probes);
        const ready = results.every(([, r]) => r.ok);
        const response = h.response({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) }).code(ready ? 200 : 503);
        // A load balancer or client polling readiness learns when to ask again, as from any other 503.
        return ready ? response : response.header('Retry-After', String(DEPENDENCY_RETRY_AFTER_SEC));
      },
    });
    server.route({
      method: 'GET',
      path: '/v2/topology',
      options: {
        tags: ['api', 'health'],
        description: 'The cluster as Camunda 8 describes it (Camunda 8 REST shape)',
        notes: `For any signed-in caller. One broker (this API node) with one partition, \`healthy\` while PostgreSQL and Temporal answer (as /ready), \`unhealthy\` otherwise; \`gatewayVersion\` is the Camunda API version answered here (${CAMUNDA_API_VERSION}).`,
        response: { schema: topology },
      },
      async handler(request) {
        const healthy = (await probeAll(probes)).every(([, r]) => r.ok);
        return {
          brokers: [
            {
              nodeId: 0,
              host: request.info.host.replace(/:\d+$/, '') || 'localhost',
              port: Number(request.server.info.port) || 0,
              partitions: [{ partitionId: 1, role: 'leader', health: healthy ? 'healthy' : 'unhealthy' }],
              version: CAMUNDA_API_VERSION,
            },
          ],
          clusterId: null,
          clusterSize: 1,
          partitionsCount: 1,
          replicationFactor: 1,
          gatewayVersion: CAMUNDA_API_VERSION,
          lastCompletedChangeId: '-1',
        };
      },
    });
  },
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}
