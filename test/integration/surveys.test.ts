import { randomUUID } from 'node:crypto';
import { TicketMailer } from '../../service-catalog/mail/domain/ticket-mailer';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';

/**
 * Issue 20, surveys: the resolution mail carries a signed, single-use, expiring link; answering it needs
 * no login; a tampered or reused link is refused and stores nothing; the answers show on the ticket
 * and in the results per agent and group.
 */
describe('satisfaction surveys', () => {
  let system: TestSystem;
  let number: string;
  const tag = randomUUID().slice(0, 8);
  const answers = async () =>
    Number(
      (
        (await system
          .adminEm()
          .execute('select count(*)::int as n from survey_answer a join ticket t on t.id = a.ticket_id where t.number = ?', [
            number,
          ])) as Body[]
      )[0]!.n,
    );

  beforeAll(async () => {
    system = await TestSystem.start();
    number = `INC7${String(Date.now()).slice(-6)}`;
    const em = system.adminEm();
    const [{ organization_id: org }] = (await em.execute(`select organization_id from app_user where username = 'rita'`)) as Body[];
    const [{ id: agent }] = (await em.execute(`select id from app_user where username = 'tomas'`)) as Body[];
    await em.execute(
      `insert into ticket (id, number, type, title, description, state, organization_id, assignee_id, assignment_group, created_at, updated_at)
       values (?, ?, 'incident', 'VPN down', '', 'closed', ?, ?, ?, now(), now())`,
      [randomUUID(), number, org, agent, `group-${tag}`],
    );
  });
  afterAll(() => system?.close());

  /** The first link of the resolution mail the process sends (template ticket.resolved): a score link. */
  const mailedLink = async (cause: string): Promise<string> => {
    const em = system.adminEm();
    const ticket = await em.findOneOrFail(Ticket, { number });
    await new TicketMailer(em, system.mail.outgoing).send(
      'ticket.resolved',
      ticket,
      { displayName: 'Rita', email: 'rita@baltic.example' },
      cause,
    );
    const mail = await eventually(async () => {
      const found = system.mail.sink!.messages.filter((m) => m.subject.includes(number)).at(-1);
      if (!found?.text.includes(cause === 'first' ? '/portal/survey/' : 'x')) throw new Error('no closing mail yet');
      return found;
    });
    return /\/portal\/survey\/([^\s]+)/.exec(mail.text)![1]!;
  };

  it('takes one answer per link without login, and refuses the link tampered with or used again', async () => {
    const token = await mailedLink('first');
    const ask = await system.server.inject({ method: 'GET', url: `/surveys/${token}` });
    expect(ask.statusCode).toBe(200);
    expect(ask.result).toMatchObject({ ticketNumber: number, title: 'VPN down' });

    const tampered = token.replace(/\.(\d+)\./, (_m, e: string) => `.${Number(e) + 1}.`);
    const refused = await system.server.inject({ method: 'POST', url: `/surveys/${tampered}`, payload: { csat: 1 } });
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.payload).code).toBe('SURVEY_LINK_INVALID');
    expect(await answers()).toBe(0);

    const answered = await system.server.inject({
      method: 'POST',
      url: `/surveys/${token}`,
      payload: { csat: 5, nps: 9, ces: 6, comment: 'fast' },
    });
    expect(answered.statusCode).toBe(201);
    const reused = await system.server.inject({ method: 'POST', url: `/surveys/${token}`, payload: { csat: 1 } });
    expect(reused.statusCode).toBe(409);
    expect(JSON.parse(reused.payload).code).toBe('SURVEY_ALREADY_ANSWERED');
    expect((await system.server.inject({ method: 'GET', url: `/surveys/${token}` })).statusCode).toBe(409);
    expect(await answers()).toBe(1);
  });

  it('shows the answers on the ticket to whoever may see it, and the results by agent and group', async () => {
    const onTicket = await system.injectAs('rita', { method: 'GET', url: `/tickets/${number}/survey-answers` });
    expect((onTicket.result as Body).items).toEqual([expect.objectContaining({ csat: 5, nps: 9, ces: 6, comment: 'fast' })]);
    expect((await system.injectAs('erik', { method: 'GET', url: `/tickets/${number}/survey-answers` })).statusCode).toBe(404);

    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
    const byGroup = await system.injectAs('marta', { method: 'GET', url: `/survey-results?groupKey=group-${tag}&${range}` });
    expect(byGroup.result).toEqual({ answers: 1, csatMean: 5, csatPercent: 100, nps: 100, npsAnswers: 1, cesMean: 6 });
    expect((await system.injectAs('rita', { method: 'GET', url: `/survey-results?${range}` })).statusCode).toBe(403);
  });
});
