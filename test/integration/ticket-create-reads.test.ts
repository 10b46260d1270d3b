import { randomUUID } from 'node:crypto';
import { User } from '../../service-catalog/identity/domain/user.entity';
import type { Body } from '../support/json-body';
import { watchStatementsSent, isBegin } from '../support/statements-sent';
import { TestSystem } from '../support/test-system';

/**
 * An agent logging a caller's incident (POST /tickets) reads each row once: the caller it
 * acknowledges by mail, the organisation it checks and the group are presented from what the request
 * already read, and the acknowledgement looks its Message-ID up once. Counted over the statements
 * sent on behalf of that one request (the worker beside it runs its own meanwhile).
 */
describe('the reads of a ticket create', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  let sent: ReturnType<typeof watchStatementsSent>;
  let erik: User;
  /** Tomas logs an incident for Erik; @returns the answer and the statements sent on its behalf. */
  const logIncident = async (payload: object, headers: Record<string, string> = {}) => {
    const { result: res, statements } = await sent(() =>
      system.injectAs('tomas', {
        method: 'POST',
        url: '/tickets',
        headers,
        payload: { category: 'hardware', callerId: erik.id, organizationId: erik.organizationId, ...payload },
      }),
    );
    expect(res.statusCode).toBe(201);
    return { body: res.result as Body, statements };
  };

  beforeAll(async () => {
    // No process for incidents here: what is counted is the request's own work.
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}` } });
    sent = watchStatementsSent();
    erik = await system.adminEm().findOneOrFail(User, { username: 'erik' });
    // Signed in before: the sign-in's own reads are not the create's.
    expect((await system.injectAs('tomas', { method: 'GET', url: '/tickets?limit=1' })).statusCode).toBe(200);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await system?.close();
  });

  it('reads the caller, the organisation, the group and the Message-ID once each', async () => {
    const { body, statements } = await logIncident({
      title: `Scanner offline ${tag}`,
      description: 'The handheld scanner at gate 4 shows no network.',
      impact: 'medium',
      urgency: 'medium',
      assignmentGroup: 'service-desk',
    });
    // What the answer shows comes from those single reads.
    expect(body).toMatchObject({
      caller: { id: erik.id, displayName: erik.displayName, organization: { id: erik.organizationId } },
      organization: { id: erik.organizationId },
      group: { key: 'service-desk', name: expect.any(String) },
    });
    expect(system.mail.sink!.messages.filter((m) => m.subject.includes(body.number as string))).toHaveLength(1);
    const reads = (table: string) => statements.filter((s) => new RegExp(`^select .* from "${table}"`, 'i').test(s));
    expect({
      caller: reads('app_user').length,
      organization: reads('organization').length,
      group: reads('assignment_group').filter((s) => /"key"/.test(s)).length,
      messageId: reads('mail_message').filter((s) => /"message_id" =/.test(s)).length,
    }).toEqual({ caller: 1, organization: 1, group: 1, messageId: 1 });
  });

  it('reads what its refusals need in the transaction that writes the ticket', async () => {
    const { statements } = await logIncident({ title: `Badge reader dead ${tag}` }, { 'idempotency-key': randomUUID() });
    // Statements by transaction, each from its begin on.
    const transactions = statements.reduce<string[][]>((all, s) => {
      if (isBegin(s)) all.push([]);
      all.at(-1)?.push(s);
      return all;
    }, []);
    const writing = transactions.filter((t) => t.some((s) => /^insert into "ticket"/.test(s)));
    expect(writing).toHaveLength(1);
    const inIt = (pattern: RegExp) => writing[0]!.some((s) => pattern.test(s));
    expect({
      idempotencyKey: inIt(/from "idempotency_record"/),
      organization: inIt(/from "organization"/),
      definition: inIt(/from process_definition/),
    }).toEqual({ idempotencyKey: true, organization: true, definition: true });
    const elsewhere = transactions.filter((t) => t !== writing[0]).flat();
    expect(elsewhere.filter((s) => /from "idempotency_record"|from process_definition/.test(s))).toEqual([]);
  });
});
