import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, RuleViolation } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { WorkOrder } from '../../field-service/domain/work-order.entity';
import { TicketService } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { ConfigurationItem } from './configuration-item.entity';
import { TicketCiLink } from './ticket-ci-link.entity';

/**
 * The CIs a ticket touches: an incident's failing server, the CIs a problem or a change concerns
 * (problems and changes are tickets too). A CI of another customer than the ticket's is refused (422);
 * an internal CI may be linked to any ticket the caller may see.
 */
export class TicketCiLinks {
  constructor(private readonly em: EntityManager) {}

  async list(number: string) {
    const ticket = await new TicketService(this.em).get(number);
    const links = await this.em.find(TicketCiLink, { ticketId: ticket.id }, { orderBy: { createdAt: 'asc' } });
    const cis = await this.em.find(ConfigurationItem, { id: { $in: links.map((l) => l.ciId) } });
    const byId = new Map(cis.map((c) => [c.id, c]));
    return links.flatMap((link) => {
      const ci = byId.get(link.ciId);
      return ci ? [{ link, ci }] : [];
    });
  }

  async link(principal: Principal, number: string, ciId: string) {
    const ticket = await new TicketService(this.em).get(number);
    const ci = await this.em.findOne(ConfigurationItem, { id: ciId });
    if (!ci) throw new NotFound('CI_NOT_FOUND', `there is no configuration item ${ciId}`);
    if (ci.organizationId && ci.organizationId !== ticket.organizationId)
      throw new RuleViolation('CI_OF_ANOTHER_CUSTOMER', `${ci.name} belongs to another customer than ticket ${number}`, [
        { field: 'payload.ciId', message: 'belongs to another customer than the ticket' },
      ]);
    if (!(await this.em.count(TicketCiLink, { ticketId: ticket.id, ciId }))) {
      const link = this.em.create(TicketCiLink, {
        id: randomUUID(),
        organizationId: ticket.organizationId ?? null,
        ticketId: ticket.id,
        ciId,
        createdBy: principal.username,
        createdAt: new Date(),
      });
      recordAudit(this.em, actorOf(principal), {
        action: 'ticket.ciLinked',
        entity: 'Ticket',
        entityId: ticket.id,
        after: { ciId, ticketNumber: number, linkId: link.id },
      });
      await this.em.flush();
    }
    return this.list(number);
  }

  async unlink(principal: Principal, number: string, ciId: string): Promise<void> {
    const ticket = await new TicketService(this.em).get(number);
    const link = await this.em.findOne(TicketCiLink, { ticketId: ticket.id, ciId });
    if (!link) throw new NotFound('CI_LINK_NOT_FOUND', `ticket ${number} is not linked to configuration item ${ciId}`);
    recordAudit(this.em, actorOf(principal), {
      action: 'ticket.ciUnlinked',
      entity: 'Ticket',
      entityId: ticket.id,
      before: { ciId, ticketNumber: number },
    });
    await this.em.remove(link).flush();
  }

  /**
   * The tickets (incidents, problems, changes…) that name the CI, and the work orders that send a
   * technician to it (its maintenance schedule's among them, which nobody links by hand), newest first.
   */
  async ticketsOf(ciId: string) {
    const links = await this.em.find(TicketCiLink, { ciId });
    const visits = await this.em.find(WorkOrder, { assetIds: { $contains: [ciId] } }, { fields: ['ticketId'] });
    const ids = [...new Set([...links.map((l) => l.ticketId), ...visits.map((w) => w.ticketId)])];
    if (!ids.length) return [];
    return this.em.find(Ticket, { id: { $in: ids } }, { orderBy: { createdAt: 'desc' } });
  }
}
