import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { TestSystem } from '../support/test-system';

interface TicketBody {
  number: string;
  version: number;
  organizationId: string | null;
  callerId: string | null;
  state: string;
  priority: string | null;
  category: string | null;
}

/** Scenario 1's beginning: Rita raises an incident, the desk works on it; isolation, locking, idempotency, search. */
describe('tickets', () => {
  let system: TestSystem;
  beforeAll(async () => {
    // No process of their own: queues here are the rows these tests write, not where another file's diagram waits.
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${Date.now()}` } });
  });
  afterAll(async () => {
    await system?.close();
  });

  const raise = (username: string, payload: object, headers: Record<string, string> = {}) =>
    system.injectAs(username, { method: 'POST', url: '/tickets', payload, headers });

  it("gives a requester's incident a number, her organisation and her as caller", async () => {
    const res = await raise('rita', {
      title: 'Laptop will not connect to VPN',
      description: 'Since this morning the VPN client times out.',
    });
    expect(res.statusCode).toBe(201);
    const body = res.result as TicketBody;
    expect(body.number).toMatch(/^INC\d{7}$/);
    expect(body).toMatchObject({ state: 'new', version: 1, priority: null });
    const rita = await system.injectAs('rita', { method: 'GET', url: '/me' });
    expect(body.callerId).toBe((rita.result as { id: string }).id);
    expect(body.organizationId).toBe((rita.result as { organizationId: string }).organizationId);
    expect(res.headers.location).toBe(`/tickets/${body.number}`);
  });

  it('answers a burst of creates, far more than the pool has connections, each with a number of its own', async () => {
    // Each create once drew its number on a second pooled connection while its transaction held one:
    // with more creates in flight than the pool's 5 connections they waited on each other for ever, so a
    // regression shows here as jest's test timeout. Signed in first, so the burst is creates only.
    await system.tokenFor('tomas');
    const burst = Array.from({ length: 40 }, (_, i) => raise('tomas', { title: `Burst create ${i}`, description: 'Raised all at once.' }));
    const answers = await Promise.all(burst);
    expect(answers.map((res) => res.statusCode)).toEqual(answers.map(() => 201));
    const numbers = answers.map((res) => (res.result as TicketBody).number);
    expect(numbers.every((n) => /^INC\d{7}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(40);
    expect(await system.adminEm().count(Ticket, { number: { $in: numbers } })).toBe(40);
  });

  it('refuses fields a requester may not set, naming them, and stores nothing', async () => {
    const before = await system.adminEm().count(Ticket, {});
    const res = await raise('rita', { title: 'Make mine P1', priority: 'P1', assignmentGroup: 'network' });
    expect(res.statusCode).toBe(400);
    expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual([
      'payload.priority',
      'payload.assignmentGroup',
    ]);
    expect(await system.adminEm().count(Ticket, {})).toBe(before);
  });

  it('validates input with the field at fault', async () => {
    const res = await raise('tomas', { title: 'x', impact: 'catastrophic', type: 'complaint' });
    expect(res.statusCode).toBe(400);
    expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['payload.title', 'payload.impact', 'payload.type']),
    );
  });

  it('answers a retried create with the same Idempotency-Key with the first ticket', async () => {
    const key = `mail-${Date.now()}`;
    const first = await raise('rita', { title: 'Printer jams', description: 'floor 3' }, { 'idempotency-key': key });
    const retry = await raise('rita', { title: 'Printer jams', description: 'floor 3' }, { 'idempotency-key': key });
    expect([first.statusCode, retry.statusCode]).toEqual([201, 200]);
    expect((retry.result as TicketBody).number).toBe((first.result as TicketBody).number);
    const reused = await raise('rita', { title: 'Something else entirely' }, { 'idempotency-key': key });
    expect(reused.statusCode).toBe(400);
    expect((reused.result as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a stale update with 409 and keeps the newer change; the audit trail shows before and after', async () => {
    const { number } = (await raise('tomas', { title: 'Switch port flapping' })).result as TicketBody;
    const first = await system.injectAs('tomas', {
      method: 'PATCH',
      url: `/tickets/${number}`,
      payload: { version: 1, category: 'network', priority: 'P3' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.result).toMatchObject({ version: 2, category: 'network', priority: 'P3' });
    const stale = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/tickets/${number}`,
      payload: { version: 1, category: 'hardware' },
    });
    expect(stale.statusCode).toBe(409);
    const now = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as TicketBody;
    expect(now).toMatchObject({ version: 2, category: 'network' });

    const ticket = await system.adminEm().findOneOrFail(Ticket, { number });
    const trail = await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: ticket.id, action: 'ticket.updated' });
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actorName: 'tomas',
      before: { category: null, priority: null },
      after: { category: 'network', priority: 'P3' },
    });
  });

  it('lets requesters reply but not write or read internal notes', async () => {
    const { number } = (await raise('rita', { title: 'Monitor flickers' })).result as TicketBody;
    expect(
      (
        await system.injectAs('tomas', {
          method: 'POST',
          url: `/tickets/${number}/entries`,
          payload: { kind: 'note', body: 'Likely the cable.' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/entries`, payload: { body: 'It is worse after lunch.' } }))
        .statusCode,
    ).toBe(201);
    expect(
      (await system.injectAs('rita', { method: 'POST', url: `/tickets/${number}/entries`, payload: { kind: 'note', body: 'sneaky' } }))
        .statusCode,
    ).toBe(400);

    const seenBy = async (user: string) =>
      (
        (await system.injectAs(user, { method: 'GET', url: `/tickets/${number}/entries` })).result as { items: Array<{ kind: string }> }
      ).items.map((e) => e.kind);
    expect(await seenBy('tomas')).toEqual(['note', 'reply']);
    expect(await seenBy('rita')).toEqual(['reply']);
  });

  it("shows an agent his queues: assigned to him, his groups', and his groups' unassigned", async () => {
    const word = `queue${Date.now()}`;
    const mk = async (payload: object) => ((await raise('tomas', { title: `Queue ${word}`, ...payload })).result as TicketBody).number;
    const tomas = ((await system.injectAs('tomas', { method: 'GET', url: '/me' })).result as { id: string }).id;
    const mine = await mk({ assignmentGroup: 'service-desk', assigneeId: tomas });
    const open = await mk({ assignmentGroup: 'service-desk' });
    const network = await mk({ assignmentGroup: 'network' });
    const queue = async (user: string, name: string) =>
      ((await system.injectAs(user, { method: 'GET', url: `/tickets?queue=${name}&q=${word}` })).result as { items: TicketBody[] }).items
        .map((t) => t.number)
        .sort();
    expect(await queue('tomas', 'mine')).toEqual([mine]);
    expect(await queue('tomas', 'my-groups')).toEqual([mine, open].sort());
    expect(await queue('tomas', 'unassigned')).toEqual([open]);
    // Agnė is in the network group.
    expect(await queue('agne', 'unassigned')).toEqual([network]);
    expect((await system.injectAs('tomas', { method: 'GET', url: '/tickets?queue=everything' })).statusCode).toBe(400);
  });

  it('finds tickets by full text, only within what the caller may see', async () => {
    const word = `zeppelin${Date.now()}`;
    const { number } = (await raise('rita', { title: `Badge reader at gate ${word}`, description: 'It beeps red.' })).result as TicketBody;
    const search = async (user: string, q: string) =>
      (
        (await system.injectAs(user, { method: 'GET', url: `/tickets?q=${encodeURIComponent(q)}` })).result as { items: TicketBody[] }
      ).items.map((t) => t.number);
    expect(await search('tomas', word)).toEqual([number]);
    expect(await search('tomas', `${word} badge`)).toEqual([number]);
    expect(await search('tomas', 'beeps')).toContain(number);
    // Erik works for another customer: the row does not exist for him.
    expect(await search('erik', word)).toEqual([]);
    expect((await system.injectAs('erik', { method: 'GET', url: `/tickets/${number}` })).statusCode).toBe(404);
    expect((await system.injectAs('erik', { method: 'POST', url: `/tickets/${number}/entries`, payload: { body: 'hi' } })).statusCode).toBe(
      404,
    );
  });
});
