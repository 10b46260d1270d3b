import type { Request, ServerRoute } from '@hapi/hapi';
import { TenantScope, setTenantScope } from '../../db/tenant';
import { NotPermitted, TicketNotFound, WrongState } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { userIdOf } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { portalNonce, type SurveyLinks } from '../domain/survey-links';
import { SurveyService, type SurveyAnswerInput } from '../domain/survey-service';
import {
  pendingSurveyList,
  pendingSurveysQuery,
  resultsQuery,
  surveyAmendPayload,
  surveyAnswer,
  surveyAnswerList,
  surveyAnswerPayload,
  surveyQuestion,
  surveyResults,
  surveyToken,
} from '../schemas';
import { ticketNumber } from '../../tickets/schemas';
import Joi from 'joi';

const tags = ['api', 'surveys'];

/**
 * The link's holder has no account: the signed link is the whole authority, and it names one ticket.
 * The work runs under a named bypass of the tenant policies, on that ticket only.
 */
function byLink(request: Request, links: SurveyLinks) {
  const claim = links.verify(request.params.token as string, new Date());
  const em = request.app.em.fork();
  setTenantScope(em, TenantScope.all(`survey link of ticket ${claim.ticketId}`));
  return { claim, surveys: new SurveyService(em) };
}

export const surveyRoutes = (links: SurveyLinks): ServerRoute[] => [
  {
    method: 'GET',
    path: '/surveys',
    options: {
      tags,
      description: 'Your unanswered surveys (`?mine&pending`): your tickets resolved or closed in the last 14 days with no answer yet',
      notes: 'Each item links to the portal ticket page that asks the survey (the same one-answer survey as the mailed links).',
      validate: { query: pendingSurveysQuery },
      response: { schema: pendingSurveyList },
    },
    async handler(request) {
      const userId = userIdOf(principalOf(request));
      // A machine (system principal) is nobody's caller: it is asked nothing.
      if (!userId) return { items: [] };
      return { items: await new SurveyService(request.app.em).pendingFor(userId) };
    },
  },
  {
    method: 'GET',
    path: '/surveys/{token}',
    options: {
      tags,
      auth: false,
      description: 'The question behind a survey link (no login): 403 for a link we did not send, 410 expired, 409 answered',
      validate: { params: surveyToken },
      response: { schema: surveyQuestion },
    },
    async handler(request) {
      const { claim, surveys } = byLink(request, links);
      const ticket = await surveys.ticketOf(claim);
      if (ticket.answered) throw new WrongState('SURVEY_ALREADY_ANSWERED', `this survey of ${ticket.number} was answered already`);
      return {
        ticketNumber: ticket.number,
        title: ticket.title,
        expiresAt: claim.expiresAt,
        csat: ticket.csat,
        ...(claim.score ? { score: claim.score } : {}),
      };
    },
  },
  {
    method: 'POST',
    path: '/surveys/{token}/score',
    options: {
      tags,
      auth: false,
      description: 'One click on a score link of the survey mail (no login): stores the score the link carries at once',
      notes:
        'The link opens the portal page, which posts here: a mail scanner that fetches the link runs no script, so it answers nothing. 403 changed or not a score link, 410 expired, 409 the survey was completed. Another score of the same survey before completing changes the score.',
      validate: { params: surveyToken },
      response: { status: { 201: surveyAnswer } },
    },
    async handler(request, h) {
      const { claim, surveys } = byLink(request, links);
      if (claim.score === undefined)
        throw new NotPermitted('SURVEY_LINK_NOT_A_SCORE', 'this survey link carries no score; answer with the form it opens');
      return h.response(await surveys.score({ ...claim, score: claim.score })).code(201);
    },
  },
  {
    method: 'PATCH',
    path: '/surveys/{token}',
    options: {
      tags,
      auth: false,
      description: 'The optional NPS, CES and comment after a score click (no login): amend that answer and complete it',
      notes: '409 SURVEY_NOT_SCORED before a score was clicked, 409 SURVEY_ALREADY_ANSWERED once complete; 403 changed, 410 expired.',
      validate: { params: surveyToken, payload: surveyAmendPayload },
      response: { schema: surveyAnswer },
    },
    async handler(request) {
      const { claim, surveys } = byLink(request, links);
      return surveys.amend(claim, request.payload as Omit<SurveyAnswerInput, 'csat'>);
    },
  },
  {
    method: 'POST',
    path: '/surveys/{token}',
    options: {
      tags,
      auth: false,
      description: 'Answer a survey (no login): CSAT 1–5, optional NPS 0–10, CES 1–7 and a comment; once per link',
      validate: { params: surveyToken, payload: surveyAnswerPayload },
      response: { status: { 201: surveyAnswer } },
    },
    async handler(request, h) {
      const { claim, surveys } = byLink(request, links);
      return h.response(await surveys.answer(claim, request.payload as SurveyAnswerInput)).code(201);
    },
  },
  {
    method: 'GET',
    path: '/tickets/{number}/survey-answers',
    options: {
      tags,
      description: 'The survey answers of a ticket you may see',
      validate: { params: Joi.object({ number: ticketNumber.required() }) },
      response: { schema: surveyAnswerList },
    },
    async handler(request) {
      return { items: await new SurveyService(request.app.em).forTicket(request.params.number as string) };
    },
  },
  {
    method: 'POST',
    path: '/tickets/{number}/survey-answers',
    options: {
      tags,
      description: 'The caller answers the survey on the portal’s ticket page, once a ticket is resolved or closed',
      notes: '403 for anyone but the caller; 409 before resolution or when the ticket has an answer (from the mailed link too).',
      validate: { params: Joi.object({ number: ticketNumber.required() }), payload: surveyAnswerPayload },
      response: { status: { 201: surveyAnswer } },
    },
    async handler(request, h) {
      const principal = principalOf(request);
      const number = request.params.number as string;
      const [ticket] = (await request.app.em.execute(
        `select t.id, t.caller_id, t.state, exists (select 1 from survey_answer a where a.ticket_id = t.id) as answered
           from ticket t where t.number = ?`,
        [number],
      )) as Array<{ id: string; caller_id: string | null; state: string; answered: boolean }>;
      if (!ticket) throw new TicketNotFound(`ticket ${number} does not exist`);
      if (ticket.caller_id !== principal.userId)
        throw new NotPermitted('NOT_THE_CALLER', `only the caller of ${number} answers its survey`);
      if (ticket.state !== 'resolved' && ticket.state !== 'closed')
        throw new WrongState('NOT_RESOLVED', `${number} is ${ticket.state}; the survey opens once it is resolved`);
      if (ticket.answered) throw new WrongState('SURVEY_ALREADY_ANSWERED', `the survey of ${number} was answered already`);
      // One portal answer per ticket: its nonce is derived from the ticket, so a second one conflicts.
      const claim = { ticketId: ticket.id, nonce: portalNonce(ticket.id), expiresAt: new Date(8.64e15) };
      return h.response(await new SurveyService(request.app.em).answer(claim, request.payload as SurveyAnswerInput)).code(201);
    },
  },
  {
    method: 'GET',
    path: '/survey-results',
    options: {
      tags,
      description: 'CSAT, NPS and CES over a period, for an agent (`agentId`), a group (`groupKey`) or all you see',
      auth: { access: { scope: [...STAFF_ROLES] } },
      validate: { query: resultsQuery },
      response: { schema: surveyResults },
    },
    async handler(request) {
      return new SurveyService(request.app.em).results(request.query as { agentId?: string; groupKey?: string; from: Date; to: Date });
    },
  },
];
