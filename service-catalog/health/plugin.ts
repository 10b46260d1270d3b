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

/** `/health` says the process is alive; `/ready` that PostgreSQL and Temporal answer too. */
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
        const results = await Promise.all(
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
        const ready = results.every(([, r]) => r.ok);
        const response = h.response({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) }).code(ready ? 200 : 503);
        // A load balancer or client polling readiness learns when to ask again, as from any other 503.
        return ready ? response : response.header('Retry-After', String(DEPENDENCY_RETRY_AFTER_SEC));
      },
    });
  },
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}
