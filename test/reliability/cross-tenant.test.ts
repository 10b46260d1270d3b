// Over 300 lines because the generated attack and its leak detector belong together.
import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestRoute, ServerInjectOptions, ServerInjectResponse } from '@hapi/hapi';
import type { Description } from 'joi';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { TENANT_TABLES as FIRST_TENANT_TABLES } from '../../migrations/Migration20261217000000_row_level_security';
import { APPROVAL_AND_CHANGE_TENANT_TABLES } from '../../migrations/Migration20261219000000_approvals_and_changes';
import { CATALOG_TENANT_TABLES } from '../../migrations/Migration20261222000000_services_and_catalog';
import { CMDB_TENANT_TABLES } from '../../migrations/Migration20261221000000_cmdb';
import { LATER_TENANT_TABLES } from '../../migrations/Migration20261220000000_known_errors';
import { FIELD_SERVICE_TENANT_TABLES } from '../../migrations/Migration20261226000000_field_service';
import { FIELD_SERVICE_CATALOGUE_TENANT_TABLES } from '../../migrations/Migration20261231000000_field_service_catalogue';
import { KNOWLEDGE_TENANT_TABLES } from '../../migrations/Migration20261227000000_knowledge_and_surveys';
import { WEBHOOK_TENANT_TABLES } from '../../migrations/Migration20270106000000_webhooks';
import { MIGRATION_BATCH_TENANT_TABLES } from '../../migrations/Migration20270106010000_migration_batches';
import { WHAT_IF_TENANT_TABLES } from '../../migrations/Migration20270201000000_what_if_runs';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';
import { multipart, PDF_BYTES } from '../support/multipart';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

const TENANT_TABLES = [...FIRST_TENANT_TABLES, ...APPROVAL_AND_CHANGE_TENANT_TABLES];

/**
 * Issue 14: a generated attack of organisation B on organisation A. Every route of the server's own
 * table × every kind of A's objects (its id in every path parameter, in the body's id fields, in
 * process variables, message correlation keys and queries) × every role B has (and an API token).
 * A's data carries a marker no B request ever sends, so a leak is the marker in a B answer; a
 * foreign write is any change to A's rows. Both must be 0. Run with FLOWDESK_ORM_TENANT_FILTERS=off,
 * the same holds on row-level security alone.
 */
describe('cross-tenant requests (organisation B against organisation A)', () => {
  let system: TestSystem;
  const marker = `XT${randomBytes(6).toString('hex')}`;
  const ticketProcessId = `xt_ticket_${randomUUID().slice(0, 8)}`;
  const messageName = `xt-reply-${randomUUID().slice(0, 8)}`;
  const A: Record<string, string> = {};
  const B: Record<string, string> = {};
  const bTokens = new Map<string, string>();

  /** A ticket process that waits for a message keyed by the ticket number and, beside it, at a user task. */
  const ticketXml = bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="split" />
     <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="end1" />
     <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="end2" />
     ${flow('f0', 'start', 'split')}${flow('f1', 'split', 'reply')}${flow('f2', 'reply', 'end1')}${flow('f3', 'split', 'review')}${flow('f4', 'review', 'end2')}`,
    ticketProcessId,
  ).replace(
    '</bpmn:definitions>',
    `<bpmn:message id="Message_1" name="${messageName}"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticketNumber" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>`,
  );

  const ok = (res: ServerInjectResponse, status: number, what: string): Body => {
    if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.payload.slice(0, 300)}`);
    return res.result as Body;
  };
  const login = async (username: string, password: string): Promise<string> =>
    (
      ok(await system.server.inject({ method: 'POST', url: '/auth/login', payload: { username, password } }), 200, `login ${username}`) as {
        accessToken: string;
      }
    ).accessToken;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: ticketProcessId } });
    const admin = (options: ServerInjectOptions) => system.injectAs('admin', options);
    for (const side of ['A', 'B'] as const) {
      const org = ok(
        await admin({
          method: 'POST',
          url: '/organizations',
          payload: { name: `Cross-tenant ${side} ${marker}`.replace(marker, side === 'A' ? marker : randomUUID().slice(0, 12)) },
        }),
        201,
        'organisation',
      );
      (side === 'A' ? A : B).org = org.id;
    }
    const password = 'cross-tenant-pass-1';
    const users: Array<[side: 'A' | 'B', key: string, roles: string[]]> = [
      ['A', 'requester', ['requester']],
      ['A', 'agent', ['agent']],
      ['B', 'requester', ['requester']],
      ['B', 'agent', ['agent']],
      ['B', 'technician', ['technician']],
      ['B', 'process-owner', ['process-owner']],
    ];
    for (const [side, key, roles] of users) {
      const org = side === 'A' ? A.org : B.org;
      const username = `xt-${side.toLowerCase()}-${key}-${randomUUID().slice(0, 6)}`;
      const created = ok(
        await admin({
          method: 'POST',
          url: '/users',
          payload: {
            username,
            displayName: side === 'A' ? `${key} ${marker}` : `${key} of B`,
            password,
            roles,
            ...(roles.includes('requester') ? { organizationId: org } : { servedOrganizationIds: [org] }),
          },
        }),
        201,
        `user ${username}`,
      );
      (side === 'A' ? A : B)[`${key}Id`] = created.id;
      (side === 'A' ? A : B)[`${key}Name`] = username;
      if (side === 'B') bTokens.set(key, await login(username, password));
    }
    // The same agent through an API token: another authenticator, the same scope.
    const apiToken = ok(
      await system.server.inject({
        method: 'POST',
        url: '/api-tokens',
        payload: { name: 'xt' },
        headers: { authorization: `Bearer ${bTokens.get('agent')}` },
      }),
      201,
      'api token',
    );
    bTokens.set('agent via API token', apiToken.token);

    const asA = async (who: 'requester' | 'agent', options: ServerInjectOptions) =>
      system.server.inject({
        ...options,
        headers: { ...(options.headers ?? {}), authorization: `Bearer ${await login(A[`${who}Name`]!, password)}` },
      });
    ok(
      await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: ticketXml } }),
      201,
      'deploy ticket process',
    );
    const standalone = incidentProcess('xt_standalone');
    const deployed = ok(
      await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml: standalone.xml } }),
      201,
      'deploy standalone',
    );
    A.definitionId = deployed.id;
    A.processId = standalone.processId;

    const ticket = ok(
      await asA('requester', {
        method: 'POST',
        url: '/tickets',
        payload: { title: `Printer ${marker} jammed`, description: `details ${marker}` },
      }),
      201,
      'ticket',
    );
    A.ticketNumber = ticket.number;
    A.ticketId = ticket.id;
    const entry = ok(
      await asA('requester', { method: 'POST', url: `/tickets/${ticket.number}/entries`, payload: { body: `reply ${marker}` } }),
      201,
      'entry',
    );
    A.entryId = entry.id;
    const file = multipart([{ name: 'file', filename: `${marker}.pdf`, contentType: 'application/pdf', content: PDF_BYTES }]);
    const attachment = ok(
      await asA('requester', {
        method: 'POST',
        url: `/tickets/${ticket.number}/attachments`,
        payload: file.payload,
        headers: file.headers,
      }),
      201,
      'attachment',
    );
    A.attachmentId = attachment.id;
    // A's problem (it runs no process here) and its known error, whose analysis carries the marker.
    const problem = ok(
      await asA('agent', {
        method: 'POST',
        url: '/problems',
        payload: { title: `Problem ${marker}`, description: `cause ${marker}`, incidents: [ticket.number] },
      }),
      201,
      'problem',
    );
    A.problemNumber = problem.number;
    await system.adminEm().execute(
      `insert into known_error (id, problem_ticket_id, problem_number, title, symptoms, root_cause, workaround, created_at, updated_at, organization_id)
         select ?, id, number, title, description, ?, ?, now(), now(), organization_id from ticket where number = ?`,
      [randomUUID(), `root ${marker}`, `workaround ${marker}`, problem.number],
    );
    const instance = ok(
      await asA('agent', {
        method: 'POST',
        url: '/process-instances',
        payload: { processId: standalone.processId, organizationId: A.org, businessKey: `bk-${marker}`, variables: { secret: marker } },
      }),
      201,
      'instance',
    );
    A.instanceId = instance.id;
    const site = ok(
      await admin({ method: 'POST', url: '/sites', payload: { organizationId: A.org, name: `Site ${marker}` } }),
      201,
      'site',
    );
    A.siteId = site.id;
    const contract = ok(
      await admin({
        method: 'POST',
        url: '/contracts',
        payload: { organizationId: A.org, name: `Contract ${marker}`, validFrom: '2026-01-01' },
      }),
      201,
      'contract',
    );
    A.contractId = contract.id;
    // A's own service and catalog item, and an order from it whose answers carry the marker.
    A.serviceId = ok(
      await admin({ method: 'POST', url: '/services', payload: { name: `Service ${marker}`, kind: 'business', organizationId: A.org } }),
      201,
      'service',
    ).id;
    const shelf = ok(await admin({ method: 'POST', url: '/catalog/categories', payload: { name: `xt ${randomUUID()}` } }), 201, 'category');
    A.itemId = ok(
      await admin({
        method: 'POST',
        url: '/catalog/items',
        payload: {
          categoryId: shelf.id,
          name: `Item ${marker}`,
          formSchema: { components: [{ type: 'textfield', key: 'note', label: 'Note' }] },
          processId: `xt_none_${randomUUID().slice(0, 8)}`,
          organizationId: A.org,
        },
      }),
      201,
      'catalog item',
    ).id;
    A.orderNumber = ok(
      await asA('requester', { method: 'POST', url: `/catalog/items/${A.itemId}/requests`, payload: { answers: { note: marker } } }),
      201,
      'catalog order',
    ).ticketNumber;
    // A's CMDB: a CI (with the marker in its attributes too), one it runs on, and the ticket's link to it.
    const ciOf = async (name: string, attributes: object) =>
      ok(
        await admin({ method: 'POST', url: '/cmdb/cis', payload: { organizationId: A.org, classKey: 'server', name, attributes } }),
        201,
        `CI ${name}`,
      ).id as string;
    A.ciId = await ciOf(`CI ${marker}`, { os: `os ${marker}` });
    const host = await ciOf(`Host ${marker}`, {});
    A.relationId = ok(
      await admin({ method: 'POST', url: '/cmdb/relations', payload: { sourceId: A.ciId, type: 'runs_on', targetId: host } }),
      201,
      'relation',
    ).id;
    ok(
      await admin({ method: 'POST', url: `/tickets/${A.ticketNumber}/configuration-items`, payload: { ciId: A.ciId } }),
      201,
      'ticket CI link',
    );
    // Both of A's processes wait (message + user task, and triage) before anything is compared.
    await eventually(async () => {
      const t = ok(await admin({ method: 'GET', url: `/tickets/${A.ticketNumber}` }), 200, 'ticket read') as Body;
      A.ticketInstanceId = t.processInstanceId;
      const subs = (await system
        .adminEm()
        .execute('select 1 from event_subscription where process_instance_id = ?', [A.ticketInstanceId])) as Body[];
      expect(subs).toHaveLength(1);
      const d = ok(await admin({ method: 'GET', url: `/process-instances/${A.ticketInstanceId}` }), 200, 'instance read') as Body;
      expect(d.openTasks).toHaveLength(1);
      A.taskId = d.openTasks[0].id;
      const s = ok(await admin({ method: 'GET', url: `/process-instances/${A.instanceId}` }), 200, 'standalone read') as Body;
      expect(s.openTasks).toHaveLength(1);
      A.standaloneTaskId = s.openTasks[0].id;
    });
    // An approval A's agent decides and a blackout window of A's, written directly: no shipped diagram of A's asks for one.
    const em = system.adminEm();
    A.approvalId = randomUUID();
    await em.execute(
      `insert into approval (id, organization_id, process_instance_id, task_id, element_id, purpose, task_name, approver_id, approver_username, state, created_at, updated_at)
       values (?, ?, ?, ?, 'xt', 'cab', ?, ?, ?, 'pending', now(), now())`,
      [A.approvalId, A.org, A.instanceId, A.standaloneTaskId, `Approve ${marker}`, A.agentId, A.agentName],
    );
    A.blackoutId = randomUUID();
    await em.execute(
      `insert into change_blackout_window (id, organization_id, name, starts_at, ends_at, created_by, created_at)
       values (?, ?, ?, now(), now() + interval '1 day', 'xt', now())`,
      [A.blackoutId, A.org, `Freeze ${marker}`],
    );
  }, 300_000);

  afterAll(async () => {
    await system?.close();
  });

  /** Every row A owns, in every tenant table, plus what hangs off A's instances: compared before and after. */
  const snapshotA = async (): Promise<string> => {
    const em = system.adminEm();
    const parts: Body = {};
    for (const table of [
      ...TENANT_TABLES,
      ...CATALOG_TENANT_TABLES,
      ...CMDB_TENANT_TABLES,
      ...LATER_TENANT_TABLES,
      ...FIELD_SERVICE_TENANT_TABLES,
      ...FIELD_SERVICE_CATALOGUE_TENANT_TABLES,
      ...KNOWLEDGE_TENANT_TABLES,
      ...WEBHOOK_TENANT_TABLES,
      ...MIGRATION_BATCH_TENANT_TABLES,
      ...WHAT_IF_TENANT_TABLES,
    ])
      // Ordered by each table's key: its first column (`site_location` is keyed by its site).
      parts[table] = await em.execute(`select * from ${table} where organization_id = ? order by 1`, [A.org]);
    const instances = [A.ticketInstanceId, A.instanceId];
    parts.projection = await em.execute(
      'select instance_id, status, active_element_ids, open_tasks, incidents, revision from process_instance_projection where instance_id in (?) order by instance_id',
      [instances],
    );
    parts.subscriptions = await em.execute(
      'select * from event_subscription where process_instance_id in (?) order by process_instance_id, subscription_key',
      [instances],
    );
    parts.auditEntries = await em.execute('select count(*)::int as n from audit_entry where process_instance_id in (?)', [instances]);
    parts.users = await em.execute(
      'select id, username, display_name, email, phone, roles, active, token_version from app_user where organization_id = ? or id in (?) order by id',
      [A.org, [A.requesterId, A.agentId]],
    );
    parts.organization = await em.execute('select * from organization where id = ?', [A.org]);
    return JSON.stringify(parts);
  };

  it('finds 0 leaks and 0 foreign writes in at least 5,000 generated requests', async () => {
    const before = await snapshotA();
    expect(before).toContain(marker);
    // The detector is not blind: A's own answers carry the marker that no B answer may.
    const own = await system.injectAs('admin', { method: 'GET', url: `/tickets/${A.ticketNumber}` });
    expect(own.payload).toContain(marker);
    const objectTypes: Array<[kind: string, id: string]> = [
      ['ticket number', A.ticketNumber!],
      ['ticket id', A.ticketId!],
      ['problem number', A.problemNumber!],
      ['entry', A.entryId!],
      ['attachment', A.attachmentId!],
      ['ticket instance', A.ticketInstanceId!],
      ['instance', A.instanceId!],
      ['user task', A.taskId!],
      ['approval', A.approvalId!],
      ['blackout window', A.blackoutId!],
      ['site', A.siteId!],
      ['contract', A.contractId!],
      ['configuration item', A.ciId!],
      ['CI relation', A.relationId!],
      ['user', A.requesterId!],
      ['organisation', A.org!],
      ['service', A.serviceId!],
      ['catalog item', A.itemId!],
      ['catalog order', A.orderNumber!],
      ['business key', `bk-${marker}`.replace(marker, '') + A.ticketNumber],
    ];
    const routes = system.server.table().filter((r) => (r.settings.auth as unknown) !== false && !r.path.startsWith('/auth/'));
    const statuses = new Map<number, number>();
    const leaks: string[] = [];
    const serverErrors: string[] = [];
    let sent = 0;
    const perRole = new Map<string, number>();
    for (const [role] of bTokens) perRole.set(role, 0);
    for (const route of routes) {
      for (const [kind, id] of objectTypes) {
        for (const [role, token] of bTokens) {
          for (const variant of ['path', 'smuggled'] as const) {
            const request = requestFor(route, id, variant, A);
            const res = await system.server.inject({
              ...request,
              headers: { ...(request.headers ?? {}), authorization: `Bearer ${token}` },
            });
            sent++;
            perRole.set(role, perRole.get(role)! + 1);
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const where = `${role}: ${request.method} ${request.url} [${kind}, ${variant}] → ${res.statusCode}`;
            if (res.payload.includes(marker) || JSON.stringify(res.headers).includes(marker))
              leaks.push(`${where}: ${res.payload.slice(0, 200)}`);
            if (res.statusCode >= 500) serverErrors.push(`${where}: ${res.payload.slice(0, 200)}`);
            if (res.statusCode === 401) throw new Error(`${where}: the B principal lost its sign-in, the rest would prove nothing`);
          }
        }
      }
    }
    const after = await snapshotA();
    const foreignWrites = before === after ? 0 : diffCount(before, after);
    console.log(
      [
        `cross-tenant requests sent: ${sent} (${routes.length} routes × ${objectTypes.length} kinds of A's objects × ${bTokens.size} B principals × 2 variants)`,
        `  per B principal: ${[...perRole].map(([r, n]) => `${r} ${n}`).join(', ')}`,
        `  statuses: ${[...statuses]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s}×${n}`)
          .join(', ')}`,
        `  leaks (A's data in a B answer): ${leaks.length}; foreign writes (A's rows changed): ${foreignWrites}; 5xx: ${serverErrors.length}`,
      ].join('\n'),
    );
    expect(sent).toBeGreaterThanOrEqual(5000);
    expect(leaks).toEqual([]);
    expect(after).toEqual(before);
    expect(serverErrors).toEqual([]);
  }, 900_000);

  it('B cannot reach A’s waiting process by correlation key, variables or task, and A can', async () => {
    const asB = (role: string, options: ServerInjectOptions) =>
      system.server.inject({ ...options, headers: { authorization: `Bearer ${bTokens.get(role)}` } });
    const before = await snapshotA();
    for (const role of bTokens.keys()) {
      const published = await asB(role, {
        method: 'POST',
        url: '/messages',
        payload: { name: messageName, correlationKey: A.ticketNumber, variables: { ticketId: A.ticketId, organizationId: A.org } },
      });
      if (published.statusCode === 200 || published.statusCode === 201)
        expect((published.result as Body).correlatedProcessInstanceIds).toEqual([]);
      else expect(published.statusCode).toBe(403);
      for (const taskId of [A.taskId, A.standaloneTaskId]) {
        const done = await asB(role, {
          method: 'POST',
          url: `/tasks/${taskId}/complete`,
          payload: { variables: { organizationId: A.org } },
        });
        expect([403, 404]).toContain(done.statusCode);
      }
      const vars = await asB(role, {
        method: 'PUT',
        url: `/process-instances/${A.instanceId}/variables`,
        payload: { variables: { secret: 'overwritten' }, reason: 'cross-tenant probe' },
      });
      expect([403, 404]).toContain(vars.statusCode);
      const start = await asB(role, {
        method: 'POST',
        url: '/process-instances',
        payload: { processId: A.processId, organizationId: A.org, variables: { ticketId: A.ticketId } },
      });
      expect([400, 403, 404]).toContain(start.statusCode);
      const raise = await asB(role, {
        method: 'POST',
        url: '/tickets',
        payload: { title: 'smuggled caller', callerId: A.requesterId, organizationId: A.org },
      });
      expect(raise.statusCode).toBeGreaterThanOrEqual(400);
      expect(raise.statusCode).toBeLessThan(500);
    }
    // B's buffered messages (if any) must not be taken by A's instances either: A's rows are unchanged.
    expect(await snapshotA()).toEqual(before);
    // The probe is not vacuous: A's own agent reaches the same waiting subscription with the same key.
    const agentA = await login(A.agentName!, 'cross-tenant-pass-1');
    const published = await system.server.inject({
      method: 'POST',
      url: '/messages',
      payload: { name: messageName, correlationKey: A.ticketNumber },
      headers: { authorization: `Bearer ${agentA}` },
    });
    expect((published.result as Body).correlatedProcessInstanceIds).toEqual([A.ticketInstanceId]);
  });
});

// ---------------------------------------------------------------------------------------------

/** B's request for one route: A's id in every path parameter; with `smuggled`, also in every id-like body and query field. */
function requestFor(route: RequestRoute, id: string, variant: 'path' | 'smuggled', A: Record<string, string>): ServerInjectOptions {
  const path = route.path.replace(/\{(\w+)(\*?\d*)?\??\}/g, () => encodeURIComponent(id));
  const method = route.method.toUpperCase();
  const validate = route.settings.validate ?? {};
  const describe = (schema: unknown): Description | undefined =>
    schema && typeof (schema as { describe?: unknown }).describe === 'function'
      ? (schema as { describe(): Description }).describe()
      : undefined;
  if (variant === 'path') return { method, url: path, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) };
  const query = describe(validate.query);
  const queryValues = query ? (sample(query, '', id, A, 0) as Body | undefined) : undefined;
  const qs =
    queryValues && typeof queryValues === 'object'
      ? new URLSearchParams(
          Object.entries(queryValues).map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]),
        ).toString()
      : '';
  const url = qs ? `${path}?${qs}` : path;
  if (method === 'GET' || method === 'DELETE') return { method, url };
  const allow = (route.settings.payload as { allow?: string | string[] } | undefined)?.allow;
  if ([allow].flat().includes('multipart/form-data')) {
    const body = multipart([
      { name: 'file', filename: 'probe.pdf', contentType: 'application/pdf', content: PDF_BYTES },
      { name: 'entryId', content: id },
    ]);
    return { method, url, payload: body.payload, headers: body.headers };
  }
  const payload = describe(validate.payload);
  return { method, url, payload: (payload ? sample(payload, '', id, A, 0) : smuggledVariables(id, A)) as Body };
}

/** A value for a joi description that puts A's ids wherever an id, a key or a variable goes. */
function sample(d: Description, key: string, id: string, A: Record<string, string>, depth: number): unknown {
  if (depth > 6) return undefined;
  const allowed = ((d.allow ?? []) as unknown[]).filter((v) => v !== null && v !== '');
  const k = key.toLowerCase();
  switch (d.type) {
    case 'string': {
      if (allowed.length && (d.flags as { only?: boolean } | undefined)?.only) return allowed[0];
      if (k.includes('organization')) return A.org;
      if (/(caller|assignee|user|actor)id/.test(k)) return A.requesterId;
      if (k === 'correlationkey' || k === 'businesskey' || k.includes('number')) return A.ticketNumber;
      if (k === 'processid') return A.processId;
      if (k === 'definitionid' || k === 'targetdefinitionid' || k === 'basedefinitionid') return A.definitionId;
      if (k.endsWith('id') || ((d.rules ?? []) as Array<{ name: string }>).some((r) => r.name === 'guid')) return id;
      if (k.includes('password')) return undefined;
      if (k.includes('email')) return `probe-${id}@example.org`.slice(0, 120);
      return `probe ${id}`.slice(0, 60);
    }
    case 'number':
      return 1;
    case 'boolean':
      return k === 'active' ? true : false;
    case 'date':
      return '2026-12-01T00:00:00.000Z';
    case 'array': {
      const item = ((d.items ?? []) as Description[])[0];
      const v = item ? sample(item, key.replace(/s$/, ''), id, A, depth + 1) : id;
      return v === undefined ? [] : [v];
    }
    case 'alternatives': {
      const first = ((d.matches ?? []) as Array<{ schema?: Description }>).find((m) => m.schema)?.schema;
      return first ? sample(first, key, id, A, depth + 1) : id;
    }
    case 'object': {
      const keys = (d.keys ?? {}) as Record<string, Description>;
      const out: Body = {};
      for (const [name, child] of Object.entries(keys)) {
        const v = sample(child, name, id, A, depth + 1);
        if (v !== undefined) out[name] = v;
      }
      const open = (d.flags as { unknown?: boolean } | undefined)?.unknown || ((d.patterns ?? []) as unknown[]).length > 0;
      return Object.keys(keys).length === 0 || open ? { ...out, ...smuggledVariables(id, A) } : out;
    }
    default:
      return id;
  }
}

/** What a process variable, message payload or free-form object smuggles: every id A has. */
function smuggledVariables(id: string, A: Record<string, string>): Body {
  return {
    ticketId: A.ticketId,
    ticketNumber: A.ticketNumber,
    organizationId: A.org,
    processInstanceId: A.instanceId,
    callerId: A.requesterId,
    id,
  };
}

function diffCount(before: string, after: string): number {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).length;
}
