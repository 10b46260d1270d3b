import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, TicketNotFound, WrongState } from '../../errors';
import { SURVEY_LINK_DAYS, type SurveyClaim } from './survey-links';

export interface SurveyAnswerInput {
  csat: number;
  nps?: number;
  ces?: number;
  comment?: string;
}
type Row = Record<string, unknown>;

/**
 * Survey answers: one per link (its nonce), each carrying the ticket's organisation, assignee and
 * group at answer time so the results by agent and group, and the KPIs, read one table.
 */
export class SurveyService {
  constructor(private readonly em: EntityManager) {}

  /** The ticket a valid link is about, for the page that asks the question. */
  async ticketOf(claim: SurveyClaim): Promise<{ number: string; title: string; answered: boolean; csat: number | null }> {
    const [row] = (await this.em.execute(
      `select t.number, t.title, a.csat, a.completed_at is not null as answered
         from ticket t left join survey_answer a on a.nonce = ? where t.id = ?`,
      [claim.nonce, claim.ticketId],
    )) as Row[];
    if (!row) throw new NotFound('SURVEY_TICKET_NOT_FOUND', 'the ticket of this survey no longer exists');
    return {
      number: row.number as string,
      title: row.title as string,
      answered: Boolean(row.answered),
      csat: (row.csat as number) ?? null,
    };
  }

  /**
   * One click on a score link of the mail: the score is stored at once, as an answer left open for
   * the optional questions. Clicking another score of the same survey before finishing changes it
   * (the caller misclicked); once the answer is complete every link of the survey is refused.
   */
  score(claim: SurveyClaim & { score: number }): Promise<Row> {
    return this.em.transactional(async (tx) => {
      const ticket = await this.ticketRow(tx, claim);
      const [stored] = (await tx.execute(
        `insert into survey_answer (id, ticket_id, nonce, organization_id, agent_id, group_key, csat, answered_at)
         values (?, ?, ?, ?, ?, ?, ?, now())
         on conflict (nonce) do update set csat = excluded.csat where survey_answer.completed_at is null
         returning csat, nps, ces, comment, answered_at`,
        [randomUUID(), ticket.id, claim.nonce, ticket.organization_id, ticket.assignee_id, ticket.assignment_group, claim.score],
      )) as Row[];
      if (!stored) throw new WrongState('SURVEY_ALREADY_ANSWERED', `this survey of ${ticket.number as string} was answered already`);
      recordAudit(
        tx as EntityManager,
        { id: null, name: 'survey link' },
        { action: 'ticket.survey.scored', entity: 'Ticket', entityId: ticket.id as string, after: { csat: claim.score } },
      );
      await tx.flush();
      return answerOf(ticket, stored);
    });
  }

  /**
   * The optional NPS, CES and comment after the click: they amend the answer the click stored and
   * finish it, so the survey's links are refused from then on. Nothing is stored without a click first.
   */
  amend(claim: SurveyClaim, input: Omit<SurveyAnswerInput, 'csat'>): Promise<Row> {
    return this.em.transactional(async (tx) => {
      const ticket = await this.ticketRow(tx, claim);
      const [stored] = (await tx.execute(
        `update survey_answer set nps = ?, ces = ?, comment = ?, completed_at = now()
          where nonce = ? and ticket_id = ? and completed_at is null
          returning csat, nps, ces, comment, answered_at`,
        [input.nps ?? null, input.ces ?? null, input.comment ?? null, claim.nonce, ticket.id],
      )) as Row[];
      if (!stored) {
        const [exists] = (await tx.execute('select 1 from survey_answer where nonce = ?', [claim.nonce])) as Row[];
        if (exists) throw new WrongState('SURVEY_ALREADY_ANSWERED', `this survey of ${ticket.number as string} was answered already`);
        throw new WrongState('SURVEY_NOT_SCORED', `choose a score for ${ticket.number as string} first, with one of the links in the mail`);
      }
      recordAudit(
        tx as EntityManager,
        { id: null, name: 'survey link' },
        { action: 'ticket.survey.answered', entity: 'Ticket', entityId: ticket.id as string, after: { ...input } },
      );
      await tx.flush();
      return answerOf(ticket, stored);
    });
  }

  private async ticketRow(tx: EntityManager, claim: SurveyClaim): Promise<Row> {
    const [ticket] = (await tx.execute('select id, number, organization_id, assignee_id, assignment_group from ticket where id = ?', [
      claim.ticketId,
    ])) as Row[];
    if (!ticket) throw new NotFound('SURVEY_TICKET_NOT_FOUND', 'the ticket of this survey no longer exists');
    return ticket;
  }

  /** Stores the answer once: a second use of the link is refused and stores nothing. */
  answer(claim: SurveyClaim, input: SurveyAnswerInput): Promise<Row> {
    return this.em.transactional(async (tx) => {
      const [ticket] = (await tx.execute('select id, number, organization_id, assignee_id, assignment_group from ticket where id = ?', [
        claim.ticketId,
      ])) as Row[];
      if (!ticket) throw new NotFound('SURVEY_TICKET_NOT_FOUND', 'the ticket of this survey no longer exists');
      const [stored] = (await tx.execute(
        `insert into survey_answer (id, ticket_id, nonce, organization_id, agent_id, group_key, csat, nps, ces, comment, answered_at, completed_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now()) on conflict (nonce) do nothing returning id, answered_at`,
        [
          randomUUID(),
          ticket.id,
          claim.nonce,
          ticket.organization_id,
          ticket.assignee_id,
          ticket.assignment_group,
          input.csat,
          input.nps ?? null,
          input.ces ?? null,
          input.comment ?? null,
        ],
      )) as Row[];
      if (!stored) throw new WrongState('SURVEY_ALREADY_ANSWERED', `this survey of ${ticket.number as string} was answered already`);
      recordAudit(
        tx as EntityManager,
        { id: null, name: 'survey link' },
        {
          action: 'ticket.survey.answered',
          entity: 'Ticket',
          entityId: ticket.id as string,
          after: { ...input },
        },
      );
      await tx.flush();
      return { ticketNumber: ticket.number, ...input, answeredAt: stored.answered_at };
    });
  }

  /**
   * The surveys `callerId` is asked and has not answered: their tickets resolved or closed in the last
   * {@link SURVEY_LINK_DAYS} days (as long as a mailed link lives) with no answer yet, from a link or
   * the portal. Newest first; row-level security narrows it to tickets the caller may see.
   */
  async pendingFor(callerId: string, limit = 50): Promise<Row[]> {
    const rows = (await this.em.execute(
      `select t.number, t.title, t.type, t.state, coalesce(t.resolved_at, t.closed_at) as resolved_at
         from ticket t
        where t.caller_id = ? and t.state in ('resolved', 'closed')
          and coalesce(t.resolved_at, t.closed_at) > now() - make_interval(days => ?)
          and not exists (select 1 from survey_answer a where a.ticket_id = t.id)
        order by coalesce(t.resolved_at, t.closed_at) desc limit ?`,
      [callerId, SURVEY_LINK_DAYS, limit],
    )) as Row[];
    return rows.map((r) => ({
      ticketNumber: r.number,
      title: r.title,
      type: r.type,
      state: r.state,
      resolvedAt: r.resolved_at,
      answerUrl: `/portal/tickets/${encodeURIComponent(r.number as string)}#survey`,
    }));
  }

  /** A ticket's answers, newest first (row-level security: the caller's tickets only). */
  async forTicket(number: string): Promise<Row[]> {
    const seen = (await this.em.execute('select 1 from ticket where number = ?', [number])) as Row[];
    if (!seen.length) throw new TicketNotFound(`ticket ${number} does not exist`);
    return this.em.execute(
      `select a.csat, a.nps, a.ces, a.comment, a.answered_at as "answeredAt" from survey_answer a join ticket t on t.id = a.ticket_id
        where t.number = ? order by a.answered_at desc`,
      [number],
    ) as Promise<Row[]>;
  }

  /**
   * Results for an agent, a group or all the caller sees, in a period: answers, mean CSAT, the share
   * of 4–5 (CSAT %), NPS (promoters 9–10 minus detractors 0–6, in points) and mean CES.
   */
  async results(filter: { agentId?: string; groupKey?: string; from: Date; to: Date }): Promise<Row> {
    const [row] = (await this.em.execute(
      `select count(*)::int as answers, round(avg(csat), 2)::float as "csatMean",
              round(100.0 * count(*) filter (where csat >= 4) / nullif(count(*), 0), 1)::float as "csatPercent",
              round(100.0 * (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6)) / nullif(count(nps), 0), 1)::float as nps,
              count(nps)::int as "npsAnswers", round(avg(ces), 2)::float as "cesMean"
         from survey_answer
        where answered_at >= ? and answered_at < ? and (?::uuid is null or agent_id = ?::uuid) and (?::text is null or group_key = ?)`,
      [filter.from, filter.to, filter.agentId ?? null, filter.agentId ?? null, filter.groupKey ?? null, filter.groupKey ?? null],
    )) as Row[];
    return row!;
  }
}

const answerOf = (ticket: Row, stored: Row): Row => ({
  ticketNumber: ticket.number,
  csat: stored.csat,
  nps: stored.nps,
  ces: stored.ces,
  comment: stored.comment,
  answeredAt: stored.answered_at,
});
