import { ApplicationFailure } from '@temporalio/activity';
import pLimit from 'p-limit';
import type { ServiceTaskInput } from '../client';
import { systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import { DomainError, NotFound, WrongState } from '../../service-catalog/errors';
import { ROUTING_CRITERIA, type RoutingFacts } from '../../service-catalog/routing/domain/match-rule';
import { RoutingService } from '../../service-catalog/routing/domain/routing-service';
import { processScope, processTicket, ticketNotFound, wellFormedTicketId } from './process-scope';

/**
 * Task type `ticket-route`: routes the process's ticket (variable `ticketId`) and answers
 * `{ assignmentGroup, assigneeId, assigneeUsername }` (both assignee fields null when nobody was
 * chosen), so a later user task can say `candidateGroups="=assignmentGroup"` and
 * `assignee="=assigneeUsername"` (a BPMN assignee names a username: that is whom task completion
 * accepts; `assigneeId` is the ticket's field). Rules match on the variables
 * `category`, `subcategory`, `serviceId`, `priority` and `organizationId` where the process has them
 * (the ticket row may not hold a priority the matrix just computed), else on the ticket's fields.
 * A group the desk already set is kept, and so is an assignee: a retried task therefore answers the
 * same and never moves a round-robin cursor twice. No route (no rule, no default group, an unknown
 * group) is a configuration problem: an incident to fix and retry, not something to retry blindly.
 */
export const createRoutingActivities = ({ orm }: { orm: Orm }) => {
  // Routes into one group queue for its row lock, each holding a pooled connection in an open
  // transaction while it waits; unbounded, a burst of incidents for one group fills the pool and every
  // other task of every process waits behind them. A few at a time route; the rest wait here, without
  // a connection.
  const routing = pLimit(ROUTES_AT_ONCE);
  return {
    'ticket-route': (input: ServiceTaskInput) => route(orm, routing, input),
  };
};

/** Routes in flight per worker process: enough for a few busy groups, far below any pool size. */
const ROUTES_AT_ONCE = 4;

async function route(orm: Orm, routing: pLimit.Limit, input: ServiceTaskInput) {
  const scope = await processScope(orm, input);
  // The route reads the ticket under its lock, through the instance's scope: a well-formed id needs no read before.
  const ticketId = wellFormedTicketId(input) ?? (await processTicket(scope, input)).id;
  try {
    const decision = await routing(() =>
      new RoutingService(scope.em).route(ticketId, systemActor(`process ${input.processId}`), factsFrom(input.variables)),
    );
    return { assignmentGroup: decision.assignmentGroup, assigneeId: decision.assigneeId, assigneeUsername: decision.assigneeUsername };
  } catch (err) {
    if (err instanceof NotFound && err.code === 'TICKET_NOT_FOUND') throw ticketNotFound(scope, input, ticketId);
    // A 409 (someone changed the ticket meanwhile) is worth a retry; the rest is configuration.
    if (err instanceof DomainError && !(err instanceof WrongState)) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
}

function factsFrom(variables: Record<string, unknown>): Partial<RoutingFacts> {
  const facts: Partial<RoutingFacts> = {};
  for (const c of ROUTING_CRITERIA) {
    if (!(c in variables) || variables[c] === undefined) continue;
    const value = variables[c];
    facts[c] = value === null || value === '' ? null : String(value);
  }
  return facts;
}
