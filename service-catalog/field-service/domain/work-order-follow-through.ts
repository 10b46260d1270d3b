import type { EntityManager } from '@mikro-orm/postgresql';
import { EngineRequestRejected, ProcessInstanceNotFound } from '../../../workflows/client';
import { NotWaitingFor, WrongState } from '../../errors';
import { ProcessInstanceService } from '../../processes/domain/process-instance-service';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { userTaskId } from '../../processes/domain/user-task-id';
import type { Principal } from '../../identity/domain/principal';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-search';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import { Organization } from '../../identity/domain/organization.entity';
import { Site } from '../../identity/domain/site.entity';
import { User } from '../../identity/domain/user.entity';
import { sendTicketMail, type OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import sharp from 'sharp';
import type { AttachmentStore } from '../../attachments/domain/attachment-store';
import { TicketAttachment } from '../../attachments/domain/ticket-attachment.entity';
import { completionReportPdf, type ReportContext } from './completion-report';
import { THUMBNAIL_SIZE } from './work-order-photos';
import { Technician } from './technician.entity';
import type { WorkOrder } from './work-order.entity';

/**
 * The user-task property (`zeebe:property`, value `true`) that says a closed work order does that task
 * of the ticket it came from: service-request.bpmn's "Provide the item". The request then goes on
 * through its own process, as an incident does through its resolution.
 */
export const WORK_ORDER_COMPLETES_PROPERTY = 'work-order.completes';

/** A plain-text account of the visit: who, when, where, what was done and who signed. */
export function completionSummary(workOrder: WorkOrder): string {
  const at = (d: Date | null | undefined) => (d ? d.toISOString() : 'not recorded');
  return [
    `Completion report for work order ${workOrder.ticketNumber} (${workOrder.workType})`,
    `Checked in: ${at(workOrder.checkedInAt)}${workOrder.checkInLatitude != null ? ` at ${workOrder.checkInLatitude}, ${workOrder.checkInLongitude}` : ''}`,
    `Checked out: ${at(workOrder.checkedOutAt)}`,
    `Signed off by: ${workOrder.signerName ?? 'nobody'}`,
    `Checklist: ${workOrder.checklist.map((i) => `${i.done ? '[x]' : '[ ]'} ${i.label}`).join('; ') || 'none'}`,
    `Parts used: ${workOrder.parts.map((p) => `${p.quantity} ${p.unit ?? '×'} ${p.partNumber}${p.name ? ` ${p.name}` : ''}`).join('; ') || 'none'}`,
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
    private readonly mail?: OutgoingMailDeps,
    private readonly attachments?: AttachmentStore,
  ) {}

  /**
   * The completion report: a PDF kept on the work order and mailed to the customer contact (the
   * caller of the ticket the visit was for), plus a plain-text summary noted on the work order.
   * Once: the mail's Message-ID derives from the work order, the note is looked up before it is added.
   */
  async sendReport(workOrder: WorkOrder): Promise<{ sentTo: string | null; bytes: number }> {
    const pdf = await completionReportPdf(workOrder, await this.reportContext(workOrder));
    const contact = await this.customerContact(workOrder);
    if (contact && this.mail) {
      const ticket = await this.em.findOneOrFail(Ticket, { id: workOrder.ticketId });
      await sendTicketMail(this.em, this.mail, {
        to: contact,
        subject: `[${workOrder.ticketNumber}] Completion report`,
        text: `${completionSummary(workOrder)}\n\nThe signed completion report is attached.`,
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        messageId: `<report-${workOrder.id}@${this.mail.domain}>`,
        attachments: [{ filename: `${workOrder.ticketNumber}-completion-report.pdf`, content: pdf, contentType: 'application/pdf' }],
      });
    }
    workOrder.reportPdf = pdf;
    workOrder.reportSentTo = contact && this.mail ? contact : null;
    await this.em.flush();
    const body = completionSummary(workOrder);
    if (!(await this.em.findOne(TicketEntry, { ticketId: workOrder.ticketId, kind: 'note', body })))
      await this.tickets.tickets(this.em).addEntry(this.principal, workOrder.ticketNumber, { kind: 'note', body });
    return { sentTo: workOrder.reportSentTo ?? null, bytes: pdf.length };
  }

  private async reportContext(workOrder: WorkOrder): Promise<ReportContext> {
    const organization = workOrder.organizationId ? await this.em.findOne(Organization, { id: workOrder.organizationId }) : null;
    const site = await this.em.findOne(Site, { id: workOrder.siteId });
    const technician = workOrder.technicianId ? await this.em.findOne(Technician, { id: workOrder.technicianId }) : null;
    const user = technician ? await this.em.findOne(User, { id: technician.userId }) : null;
    return {
      customer: organization?.name ?? 'internal',
      site: site ? `${site.name}${site.address ? `, ${site.address}` : ''}` : workOrder.siteId,
      technician: user?.displayName ?? 'unassigned',
      parentTicket: workOrder.parentTicketNumber ?? null,
      photos: await this.photos(workOrder),
    };
  }

  /** Thumbnails of the job's photos, made from the stored (already cleaned) files with sharp. */
  private async photos(workOrder: WorkOrder): Promise<NonNullable<ReportContext['photos']>> {
    const rows = await this.em.find(
      TicketAttachment,
      { ticketId: workOrder.ticketId, contentType: { $like: 'image/%' } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return Promise.all(
      rows.map(async (row) => {
        let thumbnail: Buffer | null = null;
        if (this.attachments) {
          try {
            thumbnail = await sharp(this.attachments.pathOf(row.storageKey), { limitInputPixels: 100_000_000 })
              .rotate()
              .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
              .jpeg({ quality: 70 })
              .toBuffer();
          } catch {
            thumbnail = null; // A missing or unreadable file leaves its name in the report, not a failed report.
          }
        }
        return { filename: row.filename, takenAt: row.createdAt, thumbnail };
      }),
    );
  }

  /** The caller of the incident or request the visit was for, else of the work order itself. */
  private async customerContact(workOrder: WorkOrder): Promise<string | null> {
    for (const id of [workOrder.parentTicketId, workOrder.ticketId]) {
      if (!id) continue;
      const ticket = await this.em.findOne(Ticket, { id });
      const caller = ticket?.callerId ? await this.em.findOne(User, { id: ticket.callerId }) : null;
      if (caller?.email) return caller.email;
    }
    return null;
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

  /**
   * @returns what happened to the parent: `fulfilled` (its process's task that a work order does was
   * completed), `resolved`, `noted`, or `none` when there is none or it has finished.
   */
  async moveParentOn(workOrder: WorkOrder): Promise<'fulfilled' | 'resolved' | 'noted' | 'none'> {
    if (!workOrder.parentTicketId) return 'none';
    const parent = await this.em.findOne(Ticket, { id: workOrder.parentTicketId });
    if (!parent || FINISHED_STATES.includes(parent.state)) return 'none';
    if (await this.completeParentTask(workOrder, parent)) return 'fulfilled';
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

  /**
   * Completes the parent's open user tasks marked {@link WORK_ORDER_COMPLETES_PROPERTY} (with the
   * variables `fulfilledByWorkOrder` and `fulfilmentNotes`), each after a note on the parent saying so.
   * The note comes first and is looked up again, so an activity retried after the completion finds it
   * and answers `true` without completing anything twice.
   * @returns whether the work order did (now or before) a task of the parent's process.
   */
  private async completeParentTask(workOrder: WorkOrder, parent: Ticket): Promise<boolean> {
    if (!parent.processInstanceId) return false;
    const instance = await this.em.findOne(ProcessInstance, { id: parent.processInstanceId }, { populate: ['definition'] });
    if (!instance) return false;
    const marker = `Work order ${workOrder.ticketNumber} did on site: `;
    const before = await this.em.findOne(TicketEntry, { ticketId: parent.id, kind: 'note', body: { $like: `${marker}%` } });
    const engine = this.tickets.processes().engine;
    let view;
    try {
      view = (await engine.inspect(instance.id)).view;
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) return before !== null;
      throw err;
    }
    const graph = instance.definition.graph;
    const tasks = (view?.openUserTasks ?? []).filter(
      (t) => graph.elements[t.elementId]?.properties?.[WORK_ORDER_COMPLETES_PROPERTY] === 'true',
    );
    for (const task of tasks) {
      const body = `${marker}${task.name ?? task.elementId} (signed off by ${workOrder.signerName ?? 'nobody'}).`;
      if (!(await this.em.findOne(TicketEntry, { ticketId: parent.id, kind: 'note', body })))
        await this.tickets.tickets(this.em).addEntry(this.principal, parent.number, { kind: 'note', body });
      try {
        await new ProcessInstanceService(this.em, engine).completeUserTask(
          userTaskId(instance.id, task.elementInstanceKey),
          { fulfilledByWorkOrder: workOrder.ticketNumber, fulfilmentNotes: workOrder.workNotes ?? null },
          this.principal,
        );
      } catch (err) {
        // Completed in the meantime (by the desk, or by this activity's earlier attempt): done either way.
        if (!(err instanceof WrongState || err instanceof EngineRequestRejected)) throw err;
      }
    }
    await this.em.flush();
    return tasks.length > 0 || before !== null;
  }
}
