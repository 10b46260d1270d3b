import { randomUUID } from 'node:crypto';
import type { RequestRoute, ServerInjectOptions } from '@hapi/hapi';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { multipart } from '../support/multipart';
import { objectWith, textFieldsOf, type TextField } from '../support/route-fields';
import { TestSystem } from '../support/test-system';

/** A NUL and a lone surrogate: PostgreSQL stores neither, in `text` or in `jsonb`. */
const UNSTORABLE = { nul: 'x\u0000y', surrogate: 'x\uD800y' } as const;
type Kind = keyof typeof UNSTORABLE;

/** The demo user each route scope is tried with (scripts/lib/demo-identities.ts). */
const USER_FOR_ROLE: Array<[string, string]> = [
  ['admin', 'admin'],
  ['process-owner', 'marta'],
  ['agent', 'tomas'],
  ['technician', 'ieva'],
  ['requester', 'rita'],
];

/**
 * Generated from the server's own route table: every route, every text field of its joi params,
 * query and payload schemas, and a query parameter no schema names, gets a NUL and a lone surrogate;
 * the answer must be a 400 naming the field, never a 500.
 */
describe('text PostgreSQL cannot store', () => {
  let system: TestSystem;
  const processId = `request_numbers_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { request: processId } });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('is refused with a 400 naming the field on every route, for every text field its schemas take', async () => {
    const routes = system.server.table();
    const failures: string[] = [];
    let refusals = 0;
    for (const route of routes) {
      const user = userFor(route);
      const fields: TextField[] = [...textFieldsOf(route), { part: 'query', path: ['unlisted'] }];
      for (const field of fields) {
        for (const kind of Object.keys(UNSTORABLE) as Kind[]) {
          const request = requestFor(route, field, kind);
          const res = user ? await system.injectAs(user, request) : await system.server.inject(request);
          const name = fieldName(field);
          const where = `${route.method.toUpperCase()} ${route.path} ${name} (${kind})`;
          if (res.statusCode >= 500) {
            failures.push(`${where}: ${res.statusCode} ${res.payload.slice(0, 160)}`);
          } else if (arrivesAsIs(route, field, kind)) {
            const details = (res.result as { details?: Array<{ field?: string }> } | null)?.details ?? [];
            if (res.statusCode !== 400 || !details.some((d) => d.field === name))
              failures.push(`${where}: ${res.statusCode} ${res.payload.slice(0, 160)}`);
            else refusals++;
          }
        }
      }
    }
    expect(failures).toEqual([]);
    console.log(`${refusals} refusals across ${routes.length} routes, each naming its field`);
    expect(refusals).toBeGreaterThan(routes.length * 2);
  });

  it('draws no ticket number for a refused create: the next create gets the number the refused one would have', async () => {
    const deploy = async (xml: string) => {
      const res = await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } });
      expect(res.statusCode).toBe(201);
      return (res.result as { id: string }).id;
    };
    const create = (title: string) => system.injectAs('tomas', { method: 'POST', url: '/tickets', payload: { type: 'request', title } });
    const startable = await deploy(bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${flow('f', 's', 'e')}`, processId));

    const first = await create('New monitor for the front desk');
    expect(first.statusCode).toBe(201);
    const firstNumber = Number((first.result as { number: string }).number.slice(3));

    // Refused at the edge: text PostgreSQL cannot store.
    const nul = await create(`Printer ${UNSTORABLE.nul}`);
    expect(nul.statusCode).toBe(400);
    expect(nul.result).toMatchObject({ code: 'UNSTORABLE_TEXT', details: [{ field: 'payload.title' }] });
    // Refused by the domain: the active version starts only by a message.
    await deploy(messageStartOnly(processId));
    const unstartable = await create('Docking station');
    expect(unstartable.statusCode).toBe(409);
    expect(unstartable.result).toMatchObject({ code: 'NO_NONE_START_EVENT' });

    expect((await system.injectAs('marta', { method: 'POST', url: `/process-definitions/${startable}/activate` })).statusCode).toBe(200);
    const next = await create('Docking station');
    expect(next.statusCode).toBe(201);
    expect((next.result as { number: string }).number).toBe(`REQ${String(firstNumber + 1).padStart(7, '0')}`);
  });
});

/** The demo user whose role the route's scope allows; undefined for a public route (`auth: false`). */
function userFor(route: RequestRoute): string | undefined {
  const auth = route.settings.auth as { access?: Array<{ scope?: { selection?: string[] } | false }> } | false | undefined;
  if (auth === false) return undefined;
  if (!auth) return 'admin';
  const scopes = (auth.access ?? []).flatMap((a) => (a.scope ? (a.scope.selection ?? []) : []));
  if (!scopes.length) return 'admin';
  return USER_FOR_ROLE.find(([role]) => scopes.includes(role))?.[1] ?? 'admin';
}

/**
 * A URL, a multipart part and a raw XML body are UTF-8 bytes, which cannot hold a lone surrogate (the
 * server decodes one to U+FFFD); only JSON's `\uD800` escape delivers it as it is.
 */
function arrivesAsIs(route: RequestRoute, field: TextField, kind: Kind): boolean {
  return kind === 'nul' || (field.part === 'payload' && field.path.length > 0 && !isMultipart(route));
}

function isMultipart(route: RequestRoute): boolean {
  return [(route.settings.payload as { allow?: string | string[] } | undefined)?.allow ?? []].flat().includes('multipart/form-data');
}

function fieldName(field: TextField): string {
  // A query string carries parameters by name: an item of a repeated parameter, sent once, is the parameter.
  const path = field.part === 'query' ? field.path.slice(0, 1) : field.path;
  return [field.part, ...path, ...(field.file ? ['filename'] : [])].join('.');
}

function requestFor(route: RequestRoute, field: TextField, kind: Kind): ServerInjectOptions {
  const value = UNSTORABLE[kind];
  // In a URL: the NUL percent-encoded, the surrogate as the CESU-8 bytes a careless client might send.
  const inUrl = kind === 'nul' ? '%00' : '%ED%A0%80';
  const url = route.path.replace(/\{(\w+)[*?\d]*\}/g, (_m, name: string) =>
    field.part === 'params' && field.path[0] === name ? inUrl : 'x1',
  );
  const query = field.part === 'query' ? `?${String(field.path[0])}=${inUrl}` : '';
  const request: ServerInjectOptions = { method: route.method.toUpperCase(), url: url + query };
  if (route.method === 'get' || route.method === 'delete') return request;
  const allowed = [(route.settings.payload as { allow?: string | string[] } | undefined)?.allow ?? []].flat();
  if (isMultipart(route)) {
    const inPayload = field.part === 'payload';
    const body = multipart([
      { name: 'file', filename: inPayload && field.file ? `report${value}.txt` : 'report.txt', contentType: 'text/plain', content: 'text' },
      ...(inPayload && !field.file ? [{ name: String(field.path[0]), content: value }] : []),
    ]);
    return { ...request, payload: body.payload, headers: body.headers };
  }
  if (field.part === 'payload' && field.path.length === 0) {
    return {
      ...request,
      payload: value,
      headers: { 'content-type': allowed.includes('application/xml') ? 'application/xml' : 'text/plain' },
    };
  }
  return { ...request, payload: field.part === 'payload' ? (objectWith(field.path, value) as object) : {} };
}

/** A process whose only start event waits for a message: a ticket cannot start it. */
function messageStartOnly(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://flowdesk.dev/test">
  <bpmn:message id="Go" name="go" />
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="Go" /></bpmn:startEvent>
    <bpmn:endEvent id="e" />
    ${flow('f', 's', 'e')}
  </bpmn:process>
</bpmn:definitions>`;
}
