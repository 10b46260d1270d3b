import { randomUUID } from 'node:crypto';
import { TicketMailer } from '../../service-catalog/mail/domain/ticket-mailer';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';

/**
 * Issue 20, one-click CSAT: the resolution mail carries a signed link per score; a click stores that
 * score at once, the optional NPS, CES and comment amend the same answer and complete it; after that,
 * and for a tampered or expired link, every link is refused and nothing is stored.
 */
describe('one-click satisfaction surveys', () => {
  let system: TestSystem;
  let ticketId: string;
  const number = `INC8${String(Date.now()).slice(-6)}`;
  const stored = async () =>
    (await system.adminEm().execute(
      `select a.csat, a.nps, a.ces, a.comment, a.completed_at is not null as complete, t.satisfaction, t.survey_nps
           from survey_answer a join ticket t on t.id = a.ticket_id where t.number = ? order by a.answered_at`,
      [number],
    )) as Body[];
  const post = (url: string) => system.server.inject({ method: 'POST', url });
  const code = (res: { payload: string }) => (JSON.parse(res.payload) as Body).code;

  beforeAll(async () => {
    system = await TestSystem.start();
    const em = system.adminEm();
    const [{ organization_id: org }] = (await em.execute(`select organization_id from app_user where username = 'rita'`)) as Body[];
    ticketId = randomUUID();
    await em.execute(
      `insert into ticket (id, number, type, title, description, state, organization_id, assignment_group, created_at, updated_at, resolved_at)
       values (?, ?, 'incident', 'Printer jams', '', 'resolved', ?, 'service-desk', now(), now(), now())`,
      [ticketId, number, org],
    );
  });
  afterAll(() => system?.close());

  /** The score links of the resolution mail, read from the test mail sink: score → token. */
  const mailedScores = async (): Promise<Map<number, string>> => {
    const em = system.adminEm();
    const ticket = await em.findOneOrFail(Ticket, { number });
    await new TicketMailer(em, system.mail.outgoing).send(
      'ticket.resolved',
      ticket,
      { displayName: 'Rita', email: 'rita@baltic.example' },
      `resolved|${randomUUID()}`,
    );
    const mail = await eventually(async () => {
      const found = system.mail.sink!.messages.filter((m) => m.subject.includes(number)).at(-1);
      if (!found) throw new Error('no resolution mail yet');
      return found;
    });
    expect(mail.text).toContain('How satisfied are you with how we handled it?');
    return new Map([...mail.text.matchAll(/^(\d) [a-z ]+: \S+\/portal\/survey\/(\S+)$/gm)].map((m) => [Number(m[1]), m[2]!]));
  };

  it('stores the clicked score at once, then amends it with NPS, CES and a comment, once', async () => {
    const scores = await mailedScores();
    expect([...scores.keys()]).toEqual([5, 4, 3, 2, 1]);

    // A score link whose score was changed by hand: refused, nothing stored.
    const forged = scores.get(1)!.replace(/\.1\.([^.]+)$/, '.5.$1');
    expect(code(await post(`/surveys/${forged}/score`))).toBe('SURVEY_LINK_INVALID');
    expect(await stored()).toEqual([]);
    // The optional questions need a score first.
    const early = await system.server.inject({ method: 'PATCH', url: `/surveys/${scores.get(4)}`, payload: { nps: 3 } });
    expect([early.statusCode, code(early)]).toEqual([409, 'SURVEY_NOT_SCORED']);
    expect(await stored()).toEqual([]);

    const clicked = await post(`/surveys/${scores.get(4)}/score`);
    expect(clicked.statusCode).toBe(201);
    expect(clicked.result).toMatchObject({ ticketNumber: number, csat: 4, nps: null });
    expect(await stored()).toEqual([expect.objectContaining({ csat: 4, complete: false, satisfaction: 4 })]);
    // The page after the click shows the stored score and asks the optional questions.
    const page = await system.server.inject({ method: 'GET', url: `/surveys/${scores.get(4)}` });
    expect(page.result).toMatchObject({ ticketNumber: number, csat: 4, score: 4 });

    const amended = await system.server.inject({
      method: 'PATCH',
      url: `/surveys/${scores.get(4)}`,
      payload: { nps: 10, ces: 6, comment: 'quick fix' },
    });
    expect(amended.statusCode).toBe(200);
    expect(await stored()).toEqual([
      expect.objectContaining({ csat: 4, nps: 10, ces: 6, comment: 'quick fix', complete: true, satisfaction: 4, survey_nps: 10 }),
    ]);

    // Complete: every link of the survey is refused, the answer stays as it was.
    for (const reuse of [
      post(`/surveys/${scores.get(1)}/score`),
      post(`/surveys/${scores.get(4)}/score`),
      system.server.inject({ method: 'PATCH', url: `/surveys/${scores.get(4)}`, payload: { comment: 'changed' } }),
      system.server.inject({ method: 'GET', url: `/surveys/${scores.get(4)}` }),
    ]) {
      const res = await reuse;
      expect([res.statusCode, code(res)]).toEqual([409, 'SURVEY_ALREADY_ANSWERED']);
    }
    expect(await stored()).toEqual([expect.objectContaining({ csat: 4, nps: 10, comment: 'quick fix' })]);
  });

  it('refuses an expired score link and a plain link as a score, storing nothing', async () => {
    const before = (await stored()).length;
    const links = system.mail.outgoing.surveyLinks!;
    const old = links.issueScores(ticketId, new Date(Date.now() - 15 * 86_400_000)).get(5)!;
    const expired = await post(`/surveys/${old}/score`);
    expect([expired.statusCode, code(expired)]).toEqual([410, 'SURVEY_LINK_EXPIRED']);
    const plain = await post(`/surveys/${links.issue(ticketId, new Date())}/score`);
    expect([plain.statusCode, code(plain)]).toEqual([403, 'SURVEY_LINK_NOT_A_SCORE']);
    expect(await stored()).toHaveLength(before);
  });

  it('lets a caller who misclicked change the score until the answer is complete', async () => {
    const scores = await mailedScores();
    expect((await post(`/surveys/${scores.get(2)}/score`)).statusCode).toBe(201);
    const changed = await post(`/surveys/${scores.get(5)}/score`);
    expect(changed.result).toMatchObject({ csat: 5 });
    const answers = await stored();
    // A second survey of the same ticket (a second resolution) is its own answer; the ticket keeps its first score.
    expect(answers.map((a) => a.csat)).toEqual([4, 5]);
    expect(answers.at(-1)).toMatchObject({ complete: false, satisfaction: 4 });
  });
});
