// Over 300 lines because its cases share one started system, deployed diagram and mail intake.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTransport, type Transporter } from 'nodemailer';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TEST_DESK_ADDRESS, TestSystem } from '../support/test-system';

interface Ability {
  allowed: boolean;
  code: string | null;
}
interface TicketBody {
  number: string;
  version: number;
  state: string;
  assignmentGroup: string | null;
  assigneeId: string | null;
  processInstanceId: string | null;
  caller: null | {
    id: string;
    displayName: string;
    email?: string | null;
    phone?: string;
    organization?: { id: string; name: string } | null;
  };
  organization: { id: string; name: string } | null;
  group: { key: string; name: string } | null;
  assignee: { id: string; displayName: string } | null;
  work?: { waitingAt: Array<{ elementId: string; candidateGroups: string[]; actions: string[] }>; can: Record<string, Ability> };
}
type Me = { id: string; organizationId: string | null };

/**
 * The desk's day over the API (issue 24, defects 1–6): which queue a ticket is in, who can find it,
 * who the caller is, who may hand it on, and what each user may do with it now.
 */
describe('desk queues, callers and assignment', () => {
  let system: TestSystem;
  let sender: Transporter;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_ui_desk_${tag}`;
  const me: Record<string, Me> = {};

  beforeAll(async () => {
    system = await TestSystem.start({ mailIntake: true, ticketProcessIds: { incident: processId } });
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    sender = createTransport({ host: '127.0.0.1', port: system.mail.inboundPort!, secure: false, ignoreTLS: true });
    for (const u of ['tomas', 'agne', 'rita', 'erik', 'admin'])
      me[u] = (await system.injectAs(u, { method: 'GET', url: '/me' })).result as Me;
  });
  afterAll(async () => {
    sender?.close();
    await system?.close();
  });

  const get = async (user: string, url: string) => system.injectAs(user, { method: 'GET', url });
  const ticket = async (user: string, number: string) => (await get(user, `/tickets/${number}`)).result as TicketBody;
  const numbers = async (user: string, query: string) => {
    const res = await get(user, `/tickets?${query}&limit=100`);
    expect(res.statusCode).toBe(200);
    return (res.result as { items: TicketBody[] }).items.map((t) => t.number).sort();
  };
  const raise = async (user: string, payload: object) => {
    const res = await system.injectAs(user, { method: 'POST', url: '/tickets', payload });
    expect(res.statusCode).toBe(201);
    return res.result as TicketBody;
  };
  /** The ticket's process waits at its Categorise task (the projection the queues read says so). */
  const waitsAtCategorise = (number: string) =>
    eventually(async () => {
      const items = (
        (await get('marta', `/process-instances?businessKey=${number}`)).result as { items: Array<{ activeElementIds: string[] }> }
      ).items;
      if (!items[0]?.activeElementIds.includes('Categorise')) throw new Error(`${number} does not wait at Categorise yet`);
    });
  const mailedIn = async (subject: string) => {
    await sender.sendMail({
      from: 'Rita <rita@baltic-retail.example>',
      to: TEST_DESK_ADDRESS,
      subject,
      text: 'The VPN client times out since this morning.',
    });
    const number = await eventually(async () => {
      const [found] =
        ((await get('admin', `/tickets?queue=all&q=${encodeURIComponent(subject)}`)).result as { items?: TicketBody[] }).items ?? [];
      if (!found) throw new Error('no ticket from the mail yet');
      return found.number;
    });
    await waitsAtCategorise(number);
    return number;
  };

  it("puts a mailed-in incident waiting to be categorised in the service desk's group queues, whatever its state, and nobody else's", async () => {
    const number = await mailedIn(`VPN down vpn${tag}`);
    expect(await ticket('tomas', number)).toMatchObject({ state: 'new', assignmentGroup: null, assigneeId: null });
    const q = `q=vpn${tag}`;
    expect(await numbers('tomas', `queue=my-groups&${q}`)).toEqual([number]);
    expect(await numbers('tomas', `queue=unassigned&${q}`)).toEqual([number]);
    // Agnė is in the network group: the Categorise task is not hers.
    expect(await numbers('agne', `queue=my-groups&${q}`)).toEqual([]);
    expect(await numbers('agne', `queue=unassigned&${q}`)).toEqual([]);

    // Tomas takes it: it leaves the unassigned queue and becomes his, still waiting to be categorised.
    const taken = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${number}/assignment`,
      payload: { version: (await ticket('tomas', number)).version, assigneeId: 'me' },
    });
    expect(taken.statusCode).toBe(200);
    expect(await numbers('tomas', `queue=unassigned&${q}`)).toEqual([]);
    expect(await numbers('tomas', `queue=mine&${q}`)).toEqual([number]);
    expect(await numbers('tomas', `queue=my-groups&${q}`)).toEqual([number]);
  });

  it('gives someone in no group empty group queues instead of an error, and admins every ticket', async () => {
    const word = `admin${tag}`;
    const baltic = (await raise('rita', { title: `Till frozen ${word}` })).number;
    const nordic = (await raise('erik', { title: `Scanner offline ${word}` })).number;
    for (const queue of ['my-groups', 'unassigned', 'mine']) {
      const res = await get('admin', `/tickets?queue=${queue}`);
      expect({ queue, status: res.statusCode, total: (res.result as { total: number }).total }).toEqual({ queue, status: 200, total: 0 });
    }
    expect((await get('admin', '/tickets?queue=breaching-soon')).statusCode).toBe(200);
    expect(await numbers('admin', `queue=all&q=${word}`)).toEqual([baltic, nordic].sort());
  });

  it('searches everything the user may see, with the queues as filters', async () => {
    const word = `printer${tag}`;
    const forNetwork = (await raise('rita', { title: `Label ${word} offline` })).number;
    const forDesk = (await raise('rita', { title: `Toner ${word}` })).number;
    const elsewhere = (await raise('erik', { title: `Dock ${word}` })).number;
    const assign = async (number: string, assignmentGroup: string) =>
      expect(
        (
          await system.injectAs('tomas', {
            method: 'POST',
            url: `/tickets/${number}/assignment`,
            payload: { version: (await ticket('tomas', number)).version, assignmentGroup },
          })
        ).statusCode,
      ).toBe(200);
    await assign(forNetwork, 'network');
    await assign(forDesk, 'service-desk');

    // Agnė serves Baltic Retail: all of its tickets with the word, whatever group has them; never Nordic's.
    expect(await numbers('agne', `queue=all&q=${word}`)).toEqual([forNetwork, forDesk].sort());
    expect(await numbers('agne', `queue=my-groups&q=${word}`)).toEqual([forNetwork]);
    expect(await numbers('tomas', `queue=all&q=${word}`)).toEqual([forNetwork, forDesk, elsewhere].sort());
    // A number, the caller's name and the customer's name find tickets too.
    expect(await numbers('agne', `queue=all&q=${forDesk.toLowerCase()}`)).toEqual([forDesk]);
    expect(await numbers('tomas', `queue=all&q=${encodeURIComponent('Nordic Logist')}&state=new`)).toContain(elsewhere);
    expect(await numbers('tomas', `queue=all&q=${encodeURIComponent('Erik (Nordic')}`)).toContain(elsewhere);
    // Other suites share the database and may write "Erik" and "Nordic" into a Baltic ticket's text, so
    // the promise checked is the tenant one: whatever Agnė finds is Baltic Retail's, never Erik's ticket.
    const agneFinds = await get('agne', `/tickets?queue=all&q=${encodeURIComponent('Erik (Nordic')}&limit=100`);
    expect(agneFinds.statusCode).toBe(200);
    const found = (agneFinds.result as { items: TicketBody[] }).items;
    expect(found.map((t) => t.number)).not.toContain(elsewhere);
    expect(found.filter((t) => t.organization?.id !== me.rita.organizationId).map((t) => t.number)).toEqual([]);
  });

  it('shows staff the caller with organisation, e-mail and phone, within the customers they serve; a requester only her own name', async () => {
    expect(
      (await system.injectAs('admin', { method: 'PATCH', url: `/users/${me.rita!.id}`, payload: { phone: 'call me maybe' } })).statusCode,
    ).toBe(400);
    expect(
      (await system.injectAs('admin', { method: 'PATCH', url: `/users/${me.rita!.id}`, payload: { phone: '+370 612 34567' } })).statusCode,
    ).toBe(200);
    const { number } = await raise('rita', { title: `Badge reader ${tag}` });
    const expected = {
      id: me.rita!.id,
      displayName: 'Rita (Baltic Retail)',
      email: 'rita@baltic-retail.example',
      phone: '+370 612 34567',
      organization: { id: me.rita!.organizationId, name: 'Baltic Retail UAB' },
    };
    expect((await ticket('tomas', number)).caller).toEqual(expected);
    expect((await ticket('tomas', number)).organization).toEqual({ id: me.rita!.organizationId, name: 'Baltic Retail UAB' });
    const listed = ((await get('tomas', `/tickets?queue=all&q=${number}`)).result as { items: TicketBody[] }).items;
    expect(listed.map((t) => t.caller)).toEqual([expected]);
    expect((await ticket('rita', number)).caller).toEqual({ id: me.rita!.id, displayName: 'Rita (Baltic Retail)' });

    // An internal ticket for Erik: Tomas serves Nordic Logistics and sees him; Agnė does not serve it and sees no caller.
    const internal = await raise('tomas', { title: `Warehouse login ${tag}`, callerId: me.erik!.id });
    expect((await ticket('tomas', internal.number)).caller).toMatchObject({
      displayName: 'Erik (Nordic Logistics)',
      organization: { name: 'Nordic Logistics AS' },
    });
    expect(await ticket('agne', internal.number)).toMatchObject({ callerId: me.erik!.id, caller: null });
  });

  it('hands a ticket to another group or to an agent who serves its customer, and tells who moved it where and when', async () => {
    const { number } = await raise('rita', { title: `Wi-Fi drops ${tag}` });
    await waitsAtCategorise(number);
    const options = async (user: string, query = '') => get(user, `/tickets/${number}/assignment-options${query}`);
    // Unrouted, the agents offered are the service desk's, whose task it waits at.
    const initial = (await options('tomas')).result as {
      groups: Array<{ key: string }>;
      group: { key: string };
      agents: Array<{ id: string }>;
    };
    expect(initial.group.key).toBe('service-desk');
    expect(initial.groups.map((g) => g.key)).toEqual(expect.arrayContaining(['service-desk', 'network']));
    expect(initial.agents.map((a) => a.id)).toContain(me.tomas!.id);
    expect(((await options('tomas', '?group=network')).result as { agents: Array<{ id: string }> }).agents.map((a) => a.id)).toContain(
      me.agne!.id,
    );
    const unknown = await options('tomas', '?group=no-such-group');
    expect(unknown.statusCode).toBe(422);
    expect((unknown.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['query.group']);
    expect((await options('rita')).statusCode).toBe(403);

    const assign = async (user: string, payload: object) =>
      system.injectAs(user, {
        method: 'POST',
        url: `/tickets/${number}/assignment`,
        payload: { version: (await ticket(user, number)).version, ...payload },
      });
    // An unknown group is the same refusal on every route that names one: 422 naming the field.
    const nowhere = await assign('tomas', { assignmentGroup: 'no-such-group' });
    expect(nowhere.statusCode).toBe(422);
    expect(nowhere.result).toMatchObject({ code: 'UNKNOWN_GROUP', details: [{ field: 'payload.assignmentGroup' }] });
    expect((await assign('tomas', { assigneeId: 'me' })).statusCode).toBe(200);
    expect((await assign('tomas', { assignmentGroup: 'network', assigneeId: me.agne!.id })).statusCode).toBe(200);
    expect((await assign('agne', { assigneeId: null })).statusCode).toBe(200);
    expect(await ticket('tomas', number)).toMatchObject({ group: { key: 'network', name: 'Network' }, assignee: null });
    // Tasks the process opens from now on go to the new group: its variables say so.
    const instance = ((await get('marta', `/process-instances?businessKey=${number}`)).result as { items: Array<{ id: string }> })
      .items[0]!;
    await eventually(async () =>
      expect(((await get('marta', `/process-instances/${instance.id}`)).result as { variables: object }).variables).toMatchObject({
        assignmentGroup: 'network',
      }),
    );

    const history = (await get('tomas', `/tickets/${number}/assignments`)).result as {
      items: Array<{ by: { displayName: string } | null; how: string; from: unknown; to: unknown; at: string }>;
    };
    expect(history.items.map(({ at: _at, ...step }) => step)).toEqual([
      {
        by: { id: me.tomas!.id, displayName: 'Tomas (service desk agent)' },
        how: 'taken',
        from: { group: null, assignee: null },
        to: { group: null, assignee: { id: me.tomas!.id, displayName: 'Tomas (service desk agent)' } },
      },
      {
        by: { id: me.tomas!.id, displayName: 'Tomas (service desk agent)' },
        how: 'assigned',
        from: { group: null, assignee: { id: me.tomas!.id, displayName: 'Tomas (service desk agent)' } },
        to: { group: { key: 'network', name: 'Network' }, assignee: { id: me.agne!.id, displayName: 'Agnė (network agent)' } },
      },
      {
        by: { id: me.agne!.id, displayName: 'Agnė (network agent)' },
        how: 'released',
        from: { group: { key: 'network', name: 'Network' }, assignee: { id: me.agne!.id, displayName: 'Agnė (network agent)' } },
        to: { group: { key: 'network', name: 'Network' }, assignee: null },
      },
    ]);
    expect((await get('rita', `/tickets/${number}/assignments`)).statusCode).toBe(403);

    // In Network only Nils serves Nordic Logistics: Agnė (Baltic only) is neither offered for Erik's ticket nor accepted.
    const nordic = (await raise('erik', { title: `Forklift terminal ${tag}` })).number;
    const offered = (
      (await get('tomas', `/tickets/${nordic}/assignment-options?group=network`)).result as { agents: Array<{ username: string }> }
    ).agents;
    expect(offered.map((a) => a.username)).toEqual(['nils']);
    const refused = await system.injectAs('tomas', {
      method: 'POST',
      url: `/tickets/${nordic}/assignment`,
      payload: { version: (await ticket('tomas', nordic)).version, assignmentGroup: 'network', assigneeId: me.agne!.id },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.result).toMatchObject({ code: 'ASSIGNEE_DOES_NOT_SERVE_ORGANIZATION', details: [{ field: 'payload.assigneeId' }] });
  });

  it('documents the new routes, the caller and the abilities in the OpenAPI document', async () => {
    const doc = (await system.server.inject({ method: 'GET', url: '/openapi.json' })).result as {
      paths: Record<string, unknown>;
      definitions?: Record<string, { properties?: Record<string, unknown> }>;
      components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/tickets/{number}/assignments', '/tickets/{number}/assignment-options']),
    );
    const schemas = doc.definitions ?? doc.components?.schemas ?? {};
    expect(Object.keys(schemas['Ticket']?.properties ?? {})).toEqual(
      expect.arrayContaining(['caller', 'organization', 'group', 'assignee', 'work']),
    );
    expect(Object.keys(schemas['TicketCaller']?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'displayName', 'email', 'phone', 'organization']),
    );
  });

  it('says what each user may do with a ticket now and why not, and refuses exactly that', async () => {
    const { number } = await raise('rita', { title: `Keyboard dead ${tag}` });
    await waitsAtCategorise(number);
    const tomas = (await ticket('tomas', number)).work!;
    expect(tomas.waitingAt).toEqual([
      {
        taskId: expect.stringMatching(/^.+\.\d+$/),
        elementId: 'Categorise',
        name: 'Categorise',
        candidateGroups: ['service-desk'],
        groups: [{ key: 'service-desk', name: 'Service desk' }],
        actions: ['categorise'],
        formKey: null,
      },
    ]);
    expect(tomas.can).toMatchObject({
      take: { allowed: true },
      categorise: { allowed: true },
      reply: { allowed: true },
      resolve: { allowed: false, code: 'NOT_WAITING' },
      release: { allowed: false, code: 'NOT_YOURS' },
    });

    // Agnė sees the ticket (she serves Baltic Retail) but it is the service desk's work.
    const agne = (await ticket('agne', number)).work!;
    expect(agne.can).toMatchObject({
      take: { allowed: false, code: 'NOT_IN_GROUP' },
      categorise: { allowed: false, code: 'NOT_YOUR_TICKET' },
      reply: { allowed: false, code: 'NOT_YOUR_TICKET' },
      note: { allowed: true },
      reassign: { allowed: true },
    });
    const as = (payload: object, path: string) => system.injectAs('agne', { method: 'POST', url: `/tickets/${number}/${path}`, payload });
    expect((await as({ category: 'hardware', impact: 'low', urgency: 'low' }, 'actions/categorise')).statusCode).toBe(403);
    expect((await as({ kind: 'reply', body: 'I will look' }, 'entries')).statusCode).toBe(403);
    expect((await as({ kind: 'note', body: 'Service desk: this one is yours' }, 'entries')).statusCode).toBe(201);
    expect((await as({ version: (await ticket('agne', number)).version, assigneeId: 'me' }, 'assignment')).statusCode).toBe(400);
    expect((await ticket('tomas', number)).state).toBe('new');
    // Requesters get no desk facts.
    expect((await ticket('rita', number)).work).toBeUndefined();
  });
});
