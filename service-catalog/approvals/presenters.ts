import type { EntityManager } from '@mikro-orm/postgresql';
import { ChangeSchedule } from '../changes/domain/change-schedule';
import { Ticket } from '../tickets/domain/ticket.entity';
import type { Approval } from './domain/approval.entity';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Approvals with what they approve: the ticket, and for a change its conflicts as of now. */
export async function presentApprovals(em: EntityManager, approvals: Approval[]) {
  const ids = [...new Set(approvals.map((a) => a.ticketId).filter((id): id is string => !!id))];
  const tickets = new Map((ids.length ? await em.find(Ticket, { id: { $in: ids } }) : []).map((t) => [t.id, t]));
  const schedule = new ChangeSchedule(em);
  const conflicts = new Map<string, Awaited<ReturnType<ChangeSchedule['conflicts']>>>();
  for (const t of tickets.values()) if (t.type === 'change') conflicts.set(t.id, await schedule.conflicts(t));
  return approvals.map((a) => {
    const t = a.ticketId ? tickets.get(a.ticketId) : undefined;
    return {
      id: a.id,
      taskId: a.taskId,
      processInstanceId: a.processInstanceId,
      organizationId: a.organizationId ?? null,
      elementId: a.elementId,
      purpose: a.purpose,
      taskName: a.taskName ?? null,
      state: a.state,
      approver: a.approverUsername ?? null,
      approverGroup: a.approverGroup ?? null,
      delegatedFrom: a.delegatedFrom ?? null,
      comment: a.comment ?? null,
      decidedBy: a.decidedBy ?? null,
      decidedAt: iso(a.decidedAt),
      createdAt: a.createdAt.toISOString(),
      ticket: t
        ? {
            number: t.number,
            title: t.title,
            type: t.type,
            state: t.state,
            changeType: t.changeType ?? null,
            risk: t.risk ?? null,
            plannedStartAt: iso(t.plannedStartAt),
            plannedEndAt: iso(t.plannedEndAt),
          }
        : null,
      conflicts: t ? (conflicts.get(t.id) ?? null) : null,
    };
  });
}
