import type { EntityManager } from '@mikro-orm/postgresql';
import { NotWaitingFor, WrongState } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-search';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import type { WorkOrder } from './work-order.entity';

/** A plain-text account of the visit: who, when, where, what was done and who signed. */
export function completionSummary(workOrder: WorkOrder): string {
  const at = (d: Date | null | undefined) => (d ? d.toISOString() : 'not recorded');
  return [
    `Completion report for work order ${workOrder.ticketNumber} (${workOrder.workType})`,
    `Checked in: ${at(workOrder.checkedInAt)}${workOrder.checkInLatitude != null ? ` at ${workOrder.checkInLatitude}, ${workOrder.checkInLongitude}` : ''}`,
    `Checked out: ${at(workOrder.checkedOutAt)}`,
    `Signed off by: ${workOrder.signerName ?? 'nobody'}`,
    `Work done: ${workOrder.workNotes ?? '—'}`,
  ].join('\n');
}

/**
 * What a work order's end means for the tickets around it: the report is kept on the work order,
 * and the incident or request it came from goes on — resolved through its own process when that
 * waits for a resolution, otherwise told by an internal note. Once per work order, however often the
 * activity runs.
 */
export class WorkOrderFollowThrough {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
    private readonly principal: Principal,
  ) {}

  async recordReport(workOrder: WorkOrder): Promise<TicketEntry> {
    const body = completionSummary(workOrder);
    const earlier = await this.em.findOne(TicketEntry, { ticketId: workOrder.ticketId, kind: 'note', body });
    if (earlier) return earlier;
    return this.tickets.tickets(this.em).addEntry(this.principal, workOrder.ticketNumber, { kind: 'note', body });
  }

  /** Tells the work order's watchers that a deadline passed (late dispatch or late arrival). */
  async noteEscalation(workOrder: WorkOrder, level: 'dispatch' | 'arrival'): Promise<void> {
    const body =
      level === 'dispatch'
        ? `Late dispatch: no technician had accepted ${workOrder.ticketNumber} by ${workOrder.dispatchDueAt.toISOString()}.`
        : `Late arrival: nobody had checked in at the site of ${workOrder.ticketNumber} by ${workOrder.windowEndsAt.toISOString()}.`;
    if (!(await this.em.findOne(TicketEntry, { ticketId: workOrder.ticketId, kind: 'note', body })))
      await this.tickets.tickets(this.em).addEntry(this.principal, workOrder.ticketNumber, { kind: 'note', body });
  }

  /** @returns what happened to the parent: `resolved`, `noted`, or `none` when there is none or it has finished. */
  async moveParentOn(workOrder: WorkOrder): Promise<'resolved' | 'noted' | 'none'> {
    if (!workOrder.parentTicketId) return 'none';
    const parent = await this.em.findOne(Ticket, { id: workOrder.parentTicketId });
    if (!parent || FINISHED_STATES.includes(parent.state)) return 'none';
    try {
      await this.tickets.actions(this.em).perform(this.principal, parent.number, {
        action: 'resolve',
        resolutionCode: 'solved',
        resolutionNotes:
          `Fixed on site by work order ${workOrder.ticketNumber}${workOrder.workNotes ? `: ${workOrder.workNotes}` : ''}`.slice(0, 20_000),
      });
      return 'resolved';
    } catch (err) {
      if (!(err instanceof NotWaitingFor || err instanceof WrongState)) throw err;
      const body = `Work order ${workOrder.ticketNumber} is closed (signed off by ${workOrder.signerName ?? 'nobody'}).`;
      if (!(await this.em.findOne(TicketEntry, { ticketId: parent.id, kind: 'note', body })))
        await this.tickets.tickets(this.em).addEntry(this.principal, parent.number, { kind: 'note', body });
      return 'noted';
    }
  }
}
