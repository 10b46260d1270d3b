import type { TicketEntry } from './domain/ticket-entry.entity';
import type { Ticket } from './domain/ticket.entity';

export function presentTicket(t: Ticket) {
  return {
    id: t.id,
    number: t.number,
    type: t.type,
    title: t.title,
    description: t.description,
    callerId: t.callerId ?? null,
    organizationId: t.organizationId ?? null,
    category: t.category ?? null,
    subcategory: t.subcategory ?? null,
    service: t.service ?? null,
    impact: t.impact ?? null,
    urgency: t.urgency ?? null,
    priority: t.priority ?? null,
    state: t.state,
    assignmentGroup: t.assignmentGroup ?? null,
    assigneeId: t.assigneeId ?? null,
    tags: t.tags ?? [],
    processInstanceId: t.processInstanceId ?? null,
    sla: {
      policy: t.slaPolicy ?? null,
      responseDueAt: iso(t.responseDueAt),
      resolutionWarningAt: iso(t.resolutionWarningAt),
      resolutionDueAt: iso(t.resolutionDueAt),
      firstRespondedAt: iso(t.firstRespondedAt),
      pausedAt: iso(t.slaPausedAt),
      pausedMs: Number(t.slaPausedMs ?? 0),
      warnedAt: iso(t.slaWarnedAt),
      breachedAt: iso(t.slaBreachedAt),
    },
    resolutionCode: t.resolutionCode ?? null,
    resolutionNotes: t.resolutionNotes ?? null,
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    satisfaction: t.satisfaction ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    version: t.version,
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentEntry(e: TicketEntry) {
  return { id: e.id, kind: e.kind, authorId: e.authorId ?? null, authorName: e.authorName, body: e.body, createdAt: e.createdAt.toISOString() };
}
