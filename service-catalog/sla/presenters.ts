import type { BusinessCalendarRecord } from './domain/business-calendar.entity';
import type { SlaDeadlines } from './domain/sla-service';
import type { SlaPolicy } from './domain/sla-policy.entity';

export const presentCalendar = (c: BusinessCalendarRecord) => ({ id: c.id, name: c.name, definition: c.definition });

export const presentPolicy = (p: SlaPolicy) => ({
  id: p.id,
  name: p.name,
  priority: p.priority ?? null,
  serviceId: p.serviceId ?? null,
  service: p.service ?? null,
  organizationId: p.organizationId ?? null,
  calendarId: p.calendarId,
  responseTarget: p.responseTarget,
  resolutionTarget: p.resolutionTarget,
  warningPercent: p.warningPercent,
  escalations: p.escalations ?? [],
});

export const presentDeadlines = (d: SlaDeadlines) => ({
  policy: presentPolicy(d.policy),
  calendar: d.calendar.name,
  responseDueAt: d.responseDueAt.toISOString(),
  resolutionDueAt: d.resolutionDueAt.toISOString(),
  resolutionWarningAt: d.resolutionWarningAt.toISOString(),
  escalations: d.escalations.map((e) => ({ ...e, at: e.at.toISOString() })),
});
