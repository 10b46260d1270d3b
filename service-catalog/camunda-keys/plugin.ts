import type { Plugin, Request, ResponseObject } from '@hapi/hapi';
import { NotFound } from '../errors';
import { fitsField, keyUsesOf, keyedRefsOf, type KeyUse } from './key-fields';
import { CamundaKeyRegistry } from './key-registry';

const CAMUNDA_API = '/v2/';
const PLUGIN = 'flowdesk-camunda-keys';

// Matches no instance, task or incident: what an unknown key becomes, a search filter's or (until it is refused) a path's.
// A well-formed version 4 uuid, so a route's validation passes it and the key is refused as unknown (404), not malformed.
const NOTHING = '00000000-0000-4000-8000-000000000000';
const ELEMENT_REFS = new Set(['elementInstanceKey', 'userTaskKey', 'incidentKey', 'adHocSubProcessInstanceKey']);
const nothingFor = (field: string) => (ELEMENT_REFS.has(field) ? `${NOTHING}.0` : NOTHING);

const HOUR = 3_600_000;

const isCamunda = (request: Request) => request.path.startsWith(CAMUNDA_API);

/** The keys a request named that nobody it may see has, between finding them and refusing them. */
const unknownKeys = new WeakMap<Request, KeyUse[]>();

/**
 * Camunda's numeric keys at the `/v2` boundary, so Camunda's own clients (Java's `Long.parseLong`, the
 * generated clients' `^-?[0-9]+$`) work unchanged: before validation, a numeric key in a path parameter,
 * the query, the body or its `filter` becomes the Flowdesk reference it stands for (an unknown one in a
 * path or the body, or one of another kind there, a task's key as a job's, is a 404 naming it once the
 * route's validation passed; in a filter it matches nothing); after the route has answered, every
 * reference in a key field of the body becomes its key. References (uuids, `<uuid>.<n>`, job
 * tokens) are still accepted as keys, so callers written against earlier answers keep working.
 */
export const camundaKeysPlugin: Plugin<void> = {
  name: PLUGIN,
  register(server) {
    let jobKeysSweptAt = 0;

    server.ext('onPostAuth', async (request, h) => {
      if (!isCamunda(request)) return h.continue;
      const uses = keyUsesOf({ params: request.params, query: request.query as Record<string, unknown>, payload: request.payload });
      if (!uses.length) return h.continue;
      const refs = await new CamundaKeyRegistry(request.app.em).refsOf(uses.map((u) => u.key));
      const unknown = uses.filter((use) => {
        // a key of another kind (a task's where a job's is asked for) names nothing there, as in Camunda
        const found = refs.get(use.key);
        const ref = found && fitsField(found.kind, use.field) ? found.ref : undefined;
        use.set(ref ?? nothingFor(use.field));
        return ref === undefined && use.names;
      });
      // Refused after the route's own validation, so a request that is also malformed hears that first.
      if (unknown.length) unknownKeys.set(request, unknown);
      return h.continue;
    });

    server.ext('onPreHandler', (request, h) => {
      const [use] = unknownKeys.get(request) ?? [];
      if (use) throw new NotFound('NOT_FOUND', `${use.at}: no ${use.field} ${use.key} exists, or it names something you may not see`);
      return h.continue;
    });

    server.ext('onPreResponse', async (request, h) => {
      const response = request.response as ResponseObject;
      if (!isCamunda(request) || ('isBoom' in response && response.isBoom) || !isJsonBody(response.source)) return h.continue;
      const found = keyedRefsOf(response.source);
      if (!found.refs.length) return h.continue;
      const registry = new CamundaKeyRegistry(request.app.em);
      found.replace(await registry.keysOf(found.refs));
      if (request.path === '/v2/jobs/activation' && Date.now() - jobKeysSweptAt > HOUR) {
        jobKeysSweptAt = Date.now();
        await registry.forgetOldJobKeys();
      }
      return h.continue;
    });
  },
};

const isJsonBody = (source: unknown): source is object =>
  source !== null && typeof source === 'object' && !Buffer.isBuffer(source) && typeof (source as { pipe?: unknown }).pipe !== 'function';
