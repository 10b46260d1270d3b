import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketNumber } from '../../tickets/schemas';
import { CALL_OUTCOMES, LoggedCalls, type LoggedCall } from '../domain/logged-calls';
import type { ChatRouteDeps } from './chat-routes';

/** The people who answer the desk's phone. */
const DESK = { access: { scope: ['agent', 'admin'] } };
const phoneNumber = Joi.string()
  .trim()
  .pattern(/^\+?[0-9 ()-]{3,40}$/, 'phone number');

const callerLookup = Joi.object({
  caller: Joi.object({
    id: Joi.string().required(),
    displayName: Joi.string().required(),
    email: Joi.string().allow(null).required(),
    organizationName: Joi.string().allow(null).required(),
  })
    .allow(null)
    .required()
    .label('CallCaller'),
  openTickets: Joi.array()
    .items(
      Joi.object({ number: Joi.string().required(), title: Joi.string().required(), state: Joi.string().required() }).label('CallerTicket'),
    )
    .required(),
}).label('CallerLookup');

const loggedCall = Joi.object({
  callerNumber: phoneNumber.required(),
  direction: Joi.string().valid('inbound', 'outbound').default('inbound'),
  durationSeconds: Joi.number().integer().min(0).max(86_400).required(),
  notes: Joi.string().trim().allow('').max(5000).default(''),
  outcome: Joi.string()
    .valid(...CALL_OUTCOMES)
    .required(),
  ticketNumber,
  title: Joi.string().trim().min(1).max(200),
}).label('LoggedCall');

const loggedCallResult = Joi.object({
  outcome: Joi.string().valid('created', 'updated').required(),
  ticketNumber: Joi.string().required(),
}).label('LoggedCallResult');

/** Logging a call at the desk (issue 25): find the caller by number, then a new ticket or a note on one. */
export function callLogRoutes(deps: ChatRouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/calls/caller',
      options: {
        tags: ['api', 'chat'],
        auth: DESK,
        description: 'Who is calling: the person with this phone number among those you serve, and their open tickets',
        notes: 'Digits compare, so `+370 600 12345` finds `+37060012345`. `caller: null` when nobody you may see has the number.',
        validate: { query: Joi.object({ number: phoneNumber.required() }) },
        response: { schema: callerLookup },
      },
      async handler(request) {
        const principal = principalOf(request);
        return new LoggedCalls(request.app.em, deps.tickets).lookup(principal, (request.query as { number: string }).number);
      },
    },
    {
      method: 'POST',
      path: '/calls',
      options: {
        tags: ['api', 'chat'],
        auth: DESK,
        description:
          'Log a call: an internal note on the ticket named, or a new ticket on the phone channel for the caller found by number',
        notes:
          'The note says the direction, duration, outcome and notes. Without `ticketNumber` the new incident’s caller is the person with that number (none: the ticket has no caller). 404 for a ticket you may not see.',
        validate: { payload: loggedCall },
        response: { status: { 201: loggedCallResult } },
      },
      async handler(request, h) {
        const principal = principalOf(request);
        const result = await new LoggedCalls(request.app.em, deps.tickets).log(principal, request.payload as LoggedCall);
        return h.response(result).code(201);
      },
    },
  ];
}
