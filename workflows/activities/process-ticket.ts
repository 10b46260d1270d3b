import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../../engine/client';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import type { Orm } from '../../service-catalog/db/orm';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';

/** A process acts for its ticket whatever organisation owns it: an entity manager that sees every tenant. */
export function processEm(orm: Orm): EntityManager {
  const em = orm.em.fork() as EntityManager;
  setTenantScope(em, TenantScope.all('process activity on its ticket'));
  return em;
}

/** The ticket named by the process's `ticketId` variable; its absence is a modelling error, not worth a retry. */
export async function processTicket(em: EntityManager, input: ServiceTaskInput): Promise<Ticket> {
  const ticketId = input.variables.ticketId;
  if (typeof ticketId !== 'string') throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: the process has no ticketId variable`, 'MISSING_VARIABLE');
  const ticket = await em.findOne(Ticket, { id: ticketId });
  if (!ticket) throw ApplicationFailure.nonRetryable(`ticket ${ticketId} does not exist`, 'TICKET_NOT_FOUND');
  return ticket;
}
