import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../client';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import { instanceOrganisation } from '../../service-catalog/processes/domain/instance-organisation';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { isUuid } from '../../service-catalog/text/uuid';

/**
 * The tenant rule of every task type, in one place. An activity acts for its process instance and
 * sees what the instance's organisation owns, nothing more: a customer's instance that customer's
 * rows, an internal instance (started by staff without naming a customer, by a timer, by a signal)
 * internal rows only. Process variables are data anyone who starts or feeds a process can choose, so
 * a ticket of another organisation named by `ticketId` is "not found" for the activity — an incident
 * on the instance, never a write.
 */
export interface ProcessScope {
  /** Narrowed to the instance's organisation; forks and transactions made from it inherit that. */
  readonly em: EntityManager;
  /** The instance's organisation; null for an internal instance. */
  readonly organizationId: string | null;
  /** The root instance whose row carries the organisation (a called process acts for its caller's). */
  readonly rootInstanceId: string;
}

/** An instance's organisation never changes, so a worker keeps what it looked up (bounded). */
const organisations = new Map<string, string | null>();
const REMEMBERED = 10_000;

/**
 * The entity manager and organisation an activity of `input`'s instance works with. A call
 * activity's child runs as `<parent>:<key>`: it acts for the root instance's organisation. An
 * instance with no record (its organisation unknown) and a process variable `organizationId` naming
 * another organisation than the instance's fail without retrying, as incidents.
 */
export async function processScope(orm: Orm, input: ServiceTaskInput): Promise<ProcessScope> {
  const rootInstanceId = input.processInstanceId.split(':')[0]!;
  const organizationId = await organisationOf(orm, rootInstanceId, input);
  const claimed = input.variables.organizationId;
  if (claimed !== undefined && claimed !== null && claimed !== organizationId) {
    throw ApplicationFailure.nonRetryable(
      `service task ${input.elementId}: the process variable organizationId (${String(claimed)}) is not the organisation of process instance ${rootInstanceId} (${organizationId ?? 'internal'})`,
      'ORGANIZATION_MISMATCH',
    );
  }
  const em = orm.em.fork() as EntityManager;
  // The filter's own rule for a principal: a customer's rows only, or (internal) rows without an organisation.
  setTenantScope(em, organizationId === null ? TenantScope.of([], true) : TenantScope.of([organizationId], false));
  return { em, organizationId, rootInstanceId };
}

/**
 * Runs `work` in one transaction of the instance's tenant scope, handing it the scope with that
 * transaction's entity manager: an activity's reads and its write share one transaction instead of
 * one each.
 */
export function inScopeTransaction<T>(scope: ProcessScope, work: (scope: ProcessScope) => Promise<T>): Promise<T> {
  return scope.em.transactional((em) => work({ ...scope, em: em as EntityManager }));
}

/** The ticket the process names (`ticketId`, else `ticketNumber`); its absence is a modelling error, not worth a retry. */
export async function processTicket(scope: ProcessScope, input: ServiceTaskInput): Promise<Ticket> {
  const ticket = await namedTicket(scope, input);
  if (ticket === undefined) {
    throw ApplicationFailure.nonRetryable(
      `service task ${input.elementId}: the process has no ticketId or ticketNumber variable`,
      'MISSING_VARIABLE',
    );
  }
  return ticket;
}

/**
 * The ticket the process names, or undefined when it names none. Looked up through the instance's
 * tenant scope: another organisation's ticket does not exist here, and the message says no more
 * than that (it neither confirms nor denies that the ticket exists elsewhere).
 */
export async function namedTicket(scope: ProcessScope, input: ServiceTaskInput): Promise<Ticket | undefined> {
  const { ticketId, ticketNumber } = input.variables;
  const byId = typeof ticketId === 'string';
  const named = byId ? ticketId : typeof ticketNumber === 'string' ? ticketNumber : undefined;
  if (named === undefined) return undefined;
  // A malformed id would be a database error (retried for ever); it names no ticket, like any other.
  const ticket = byId
    ? isUuid(named)
      ? await scope.em.findOne(Ticket, { id: named })
      : null
    : await scope.em.findOne(Ticket, { number: named });
  if (!ticket) throw ticketNotFound(scope, input, named);
  return ticket;
}

/** What an activity says of a ticket its instance may not see, or that is not there: the same, either way. */
export function ticketNotFound(scope: ProcessScope, input: ServiceTaskInput, named: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `service task ${input.elementId}: ticket ${named} does not exist for process instance ${scope.rootInstanceId} (organisation ${scope.organizationId ?? 'internal'})`,
    'TICKET_NOT_FOUND',
  );
}

/**
 * The process's `ticketId` when it is a well-formed id, for an activity that reads the ticket itself
 * in its own transaction (through the same tenant scope) instead of reading it once more beforehand.
 */
export function wellFormedTicketId(input: ServiceTaskInput): string | undefined {
  const { ticketId } = input.variables;
  return typeof ticketId === 'string' && isUuid(ticketId) ? ticketId : undefined;
}

async function organisationOf(orm: Orm, rootInstanceId: string, input: ServiceTaskInput): Promise<string | null> {
  if (organisations.has(rootInstanceId)) return organisations.get(rootInstanceId)!;
  // Raw SQL: the row is read to learn its organisation, the one read an activity makes across tenants
  // (so row-level security is bypassed for it, by name).
  const em = orm.em.fork() as EntityManager;
  setTenantScope(em, TenantScope.all('worker: which organisation a process instance acts for'));
  const instance = await instanceOrganisation(em, rootInstanceId);
  if (!instance) {
    throw ApplicationFailure.nonRetryable(
      `service task ${input.elementId}: process instance ${rootInstanceId} has no record, so whose data it may touch is unknown`,
      'PROCESS_INSTANCE_NOT_FOUND',
    );
  }
  const { organizationId } = instance;
  if (organisations.size >= REMEMBERED) organisations.delete(organisations.keys().next().value!);
  organisations.set(rootInstanceId, organizationId);
  return organizationId;
}
