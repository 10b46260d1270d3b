import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import type { TaskAction } from '../domain/ticket-actions';
import type { TicketLinkKind } from '../domain/ticket-link.entity';
import type { TicketsOptions } from '../options';
import { presentOneTicket } from '../presenters';
import { mailToCaller } from './add-ticket-entry';
import {
  actionResult,
  assignPayload,
  awaitCallerPayload,
  categorisePayload,
  confirmMajorPayload,
  implementPayload,
  reviewPayload,
  confirmationPayload,
  linkList,
  linkPayload,
  resolvePayload,
  ticket,
  ticketNumber,
} from '../schemas';

const params = Joi.object({ number: ticketNumber.required() });
const STAFF = ['agent', 'process-owner', 'technician', 'admin'];
const actions = (request: Request) => request.server.app.tickets.actions(request.app.em);

/** One route per agent action: each completes the open user task whose `ticket.actions` property names it. */
function taskActionRoute(action: TaskAction['action'], payload: Joi.ObjectSchema, description: string, opts?: TicketsOptions): ServerRoute {
  return {
    method: 'POST',
    path: `/tickets/{number}/actions/${action}`,
    options: {
      tags: ['api', 'tickets'],
      description,
      notes:
        '403 when the ticket is with a group you are not in (before routing: when the waiting task is for a group you are not in); 409 when its process does not wait for this action now (the message says where it waits).',
      auth: { access: { scope: STAFF } },
      validate: { params, payload },
      response: { schema: actionResult },
    },
    async handler(request) {
      const principal = principalOf(request);
      const result = await actions(request).perform(
        principal,
        request.params.number as string,
        { action, ...(request.payload as object) } as TaskAction,
      );
      // The question to the caller goes out like any public reply of the desk.
      if (result.question && opts?.mail) await mailToCaller(request.app.em, opts, result.ticket, result.question, principal);
      return {
        ticket: await presentOneTicket(request.app.em, principal, result.ticket),
        taskId: result.taskId,
        elementId: result.elementId,
      };
    },
  };
}

export const resolveTicket = taskActionRoute(
  'resolve',
  resolvePayload,
  'Resolve: the caller is asked to confirm; silence closes the ticket after the auto-close period',
);
export const awaitCaller = (opts: TicketsOptions) =>
  taskActionRoute(
    'await-caller',
    awaitCallerPayload,
    'Ask the caller and wait: the resolution clock stops until the caller answers (portal or mail); the question is mailed to the caller',
    opts,
  );
export const implementChange = taskActionRoute(
  'implement',
  implementPayload,
  'Record a change as implemented with its closing code; a failed or backed-out change goes to a post-implementation review',
);
export const reviewChange = taskActionRoute(
  'review',
  reviewPayload,
  'Finish the post-implementation review of a failed or backed-out change',
);
export const categoriseTicket = taskActionRoute(
  'categorise',
  categorisePayload,
  'Categorise: category, impact and urgency; the priority follows from the priority matrix',
);
export const confirmMajorIncident = taskActionRoute(
  'confirm-major',
  confirmMajorPayload,
  "Confirm or downgrade a major incident: a P1 from a requester's own impact and urgency waits for the service desk before anyone is paged",
);

export const assignTicket: ServerRoute = {
  method: 'POST',
  path: '/tickets/{number}/assignment',
  options: {
    tags: ['api', 'tickets'],
    description: 'Assign to a group and/or an agent of it (`me` to take it); the history stays in the audit trail',
    notes:
      "The agent must be in the group (while the ticket has none: in a group its process waits for) and serve the ticket's customer: 400 naming `payload.assigneeId` otherwise; a group that does not exist is a 422 naming `payload.assignmentGroup`. GET /tickets/{number}/assignment-options lists them; GET /tickets/{number}/assignments the history.",
    auth: { access: { scope: STAFF } },
    validate: { params, payload: assignPayload },
    response: { schema: ticket },
  },
  async handler(request) {
    const principal = principalOf(request);
    const { assigneeId, ...rest } = request.payload as { version: number; assignmentGroup?: string; assigneeId?: string | null };
    const updated = await actions(request).assign(principal, request.params.number as string, {
      ...rest,
      ...(assigneeId !== undefined ? { assigneeId: assigneeId === 'me' ? principal.userId : assigneeId } : {}),
    });
    return presentOneTicket(request.app.em, principal, updated);
  },
};

export const confirmResolution: ServerRoute = {
  method: 'POST',
  path: '/tickets/{number}/confirmation',
  options: {
    tags: ['api', 'tickets'],
    description: 'The caller answers a resolution: it works (close) or it does not (reopen)',
    notes: '409 when the ticket is not waiting for a confirmation.',
    validate: { params, payload: confirmationPayload },
    response: { schema: ticket },
  },
  async handler(request) {
    const principal = principalOf(request);
    return presentOneTicket(
      request.app.em,
      principal,
      await actions(request).confirm(
        principal,
        request.params.number as string,
        request.payload as { confirmed: boolean; comment?: string },
      ),
    );
  },
};

export const linkTicket: ServerRoute = {
  method: 'POST',
  path: '/tickets/{number}/links',
  options: {
    tags: ['api', 'tickets'],
    description: 'Link this ticket to another: caused_by (incident → problem), duplicate_of or related',
    auth: { access: { scope: STAFF } },
    validate: { params, payload: linkPayload },
    response: { status: { 201: linkList } },
  },
  async handler(request, h) {
    const a = actions(request);
    await a.link(principalOf(request), request.params.number as string, request.payload as { number: string; kind: TicketLinkKind });
    return h.response({ items: await a.links(request.params.number as string) }).code(201);
  },
};

export const listTicketLinks: ServerRoute = {
  method: 'GET',
  path: '/tickets/{number}/links',
  options: {
    tags: ['api', 'tickets'],
    description: 'Tickets linked from and to this one that you may see',
    validate: { params },
    response: { schema: linkList },
  },
  async handler(request) {
    return { items: await actions(request).links(request.params.number as string) };
  },
};
