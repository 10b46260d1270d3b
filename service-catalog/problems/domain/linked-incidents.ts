import type { EntityManager } from '@mikro-orm/postgresql';
import { TicketLink } from '../../tickets/domain/ticket-link.entity';
import { Ticket } from '../../tickets/domain/ticket.entity';

/** The incidents linked `caused_by` to a problem that the entity manager's tenant scope sees, oldest link first. */
export async function linkedIncidents(em: EntityManager, problem: Ticket): Promise<Ticket[]> {
  const links = await em.find(TicketLink, { linkedTicketId: problem.id, kind: 'caused_by' }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  if (!links.length) return [];
  const tickets = await em.find(Ticket, { id: { $in: links.map((l) => l.ticketId) }, type: 'incident' });
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return links.flatMap((l) => (byId.has(l.ticketId) ? [byId.get(l.ticketId)!] : []));
}
