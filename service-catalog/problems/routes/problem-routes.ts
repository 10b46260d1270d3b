import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { pagination } from '../../processes/schemas';
import { ProblemService, type NewProblem } from '../domain/problem-service';
import { presentKnownError, presentProblem } from '../presenters';
import {
  analysisPayload,
  idempotencyHeaders,
  knownErrorList,
  linkChangePayload,
  linkIncidentsPayload,
  openProblemPayload,
  problem,
  problemParams,
  workaroundPayload,
} from '../schemas';

/** Problem management is the desk's: requesters see their incidents, not the problems behind them. */
const STAFF = ['agent', 'process-owner', 'technician', 'admin'];
const problems = (request: Request) => new ProblemService(request.app.em, request.server.app.tickets);
const view = async (request: Request, number: string) => presentProblem(await problems(request).view(number));

export const openProblem: ServerRoute = {
  method: 'POST',
  path: '/problems',
  options: {
    tags: ['api', 'problems'],
    description: 'Open a problem for one or many incidents (each linked caused_by to it); it runs the problem process',
    notes:
      'The incidents must be of one customer, whose problem it becomes. 400 names an unknown incident or one that is not an incident (`payload.incidents[i]`). `Idempotency-Key` makes retries safe.',
    auth: { access: { scope: STAFF } },
    validate: { payload: openProblemPayload, headers: idempotencyHeaders },
    response: { status: { 201: problem } },
  },
  async handler(request, h) {
    const key = request.headers['idempotency-key'] as string | undefined;
    const created = await problems(request).open(principalOf(request), request.payload as NewProblem, key);
    return h
      .response(await view(request, created.number))
      .code(201)
      .header('location', `/problems/${created.number}`);
  },
};

export const getProblem: ServerRoute = {
  method: 'GET',
  path: '/problems/{number}',
  options: {
    tags: ['api', 'problems'],
    description: 'A problem with its root-cause analysis, workaround and the incidents it explains',
    auth: { access: { scope: STAFF } },
    validate: { params: problemParams },
    response: { schema: problem },
  },
  handler: (request) => view(request, request.params.number as string),
};

export const linkProblemIncidents: ServerRoute = {
  method: 'POST',
  path: '/problems/{number}/incidents',
  options: {
    tags: ['api', 'problems'],
    description: 'Link more incidents to an open problem (caused_by); an incident already linked stays as it is',
    notes: '409 when the problem is resolved or closed; 400 names an incident of another customer.',
    auth: { access: { scope: STAFF } },
    validate: { params: problemParams, payload: linkIncidentsPayload },
    response: { schema: problem },
  },
  async handler(request) {
    const number = request.params.number as string;
    await problems(request).link(principalOf(request), number, (request.payload as { incidents: string[] }).incidents);
    return view(request, number);
  },
};

export const linkProblemChange: ServerRoute = {
  method: 'POST',
  path: '/problems/{number}/changes',
  options: {
    tags: ['api', 'problems'],
    description:
      'Link the change that removes the root cause (resolved_by): when that change closes successful, the problem is resolved through its process, and its open incidents with it; a failed or backed-out change resolves nothing',
    notes:
      '400 names payload.change when it is unknown, not a change, or of another customer; 409 PROBLEM_FINISHED, CHANGE_FINISHED (link a change still to be implemented). Linking again changes nothing.',
    auth: { access: { scope: STAFF } },
    validate: { params: problemParams, payload: linkChangePayload },
    response: { schema: problem },
  },
  async handler(request) {
    const number = request.params.number as string;
    await problems(request).linkChange(principalOf(request), number, (request.payload as { change: string }).change);
    return view(request, number);
  },
};

export const analyseProblem: ServerRoute = {
  method: 'POST',
  path: '/problems/{number}/analysis',
  options: {
    tags: ['api', 'problems'],
    description:
      "Record the root cause (and symptoms, a workaround): completes the process's analysis task; the problem becomes a known error",
    notes:
      '403 unless you work on the problem (its group, its assignee, an admin); 409 when its process does not wait for an analysis now.',
    auth: { access: { scope: STAFF } },
    validate: { params: problemParams, payload: analysisPayload },
    response: { schema: problem },
  },
  async handler(request) {
    const number = request.params.number as string;
    await problems(request).analyse(principalOf(request), number, request.payload as { rootCause: string });
    return view(request, number);
  },
};

export const publishWorkaround: ServerRoute = {
  method: 'POST',
  path: '/problems/{number}/workaround',
  options: {
    tags: ['api', 'problems'],
    description: "Publish a workaround: the problem's process posts it to every linked incident as a public reply, mailed to the caller",
    notes:
      'Answers 202 once the workaround is recorded; the process publishes it a moment later (`analysis.workaroundPublishedAt`). 409 when the problem is resolved or closed.',
    auth: { access: { scope: STAFF } },
    validate: { params: problemParams, payload: workaroundPayload },
    response: { status: { 202: problem } },
  },
  async handler(request, h) {
    const number = request.params.number as string;
    await problems(request).publishWorkaround(principalOf(request), number, (request.payload as { workaround: string }).workaround);
    return h.response(await view(request, number)).code(202);
  },
};

export const searchKnownErrors: ServerRoute = {
  method: 'GET',
  path: '/known-errors',
  options: {
    tags: ['api', 'problems'],
    description: 'Known errors (problems with a known root cause or workaround) you may see, most recently updated first',
    notes: '`q`: every word must appear in the title, symptoms, root cause, workaround or problem number (case-insensitive).',
    auth: { access: { scope: STAFF } },
    validate: { query: Joi.object({ q: Joi.string().trim().min(1).max(200), ...pagination }) },
    response: { schema: knownErrorList },
  },
  async handler(request) {
    const { q, limit, offset } = request.query as { q?: string; limit: number; offset: number };
    const { items, total } = await problems(request).searchKnownErrors(q, limit, offset);
    return { items: items.map(presentKnownError), total };
  },
};
