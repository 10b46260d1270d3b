import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../service-catalog/audit/audit-log';
import type { BusinessCalendar } from '../../service-catalog/sla/domain/business-calendar';
import { BusinessCalendarRecord } from '../../service-catalog/sla/domain/business-calendar.entity';
import { SlaPolicy } from '../../service-catalog/sla/domain/sla-policy.entity';
import { SlaService } from '../../service-catalog/sla/domain/sla-service';

/** Scenario 1's desk: Mon–Fri 08:00–18:00 Vilnius, Lithuanian public holidays off. */
export const VILNIUS_BUSINESS_HOURS: BusinessCalendar = {
  timeZone: 'Europe/Vilnius',
  weekly: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '08:00', end: '18:00' }]])),
  holidays: [
    '2026-12-24',
    '2026-12-25',
    '2026-12-26',
    '2027-01-01',
    '2027-02-16',
    '2027-03-11',
    '2027-03-28',
    '2027-03-29',
    '2027-05-01',
    '2027-06-24',
    '2027-07-06',
    '2027-08-15',
    '2027-11-01',
    '2027-11-02',
    '2027-12-24',
    '2027-12-25',
    '2027-12-26',
  ],
};

/** Response / resolution targets per priority, in business hours of that calendar (P3: two business days). */
const TARGETS: Array<[string, string, string]> = [
  ['P1', 'PT15M', 'PT4H'],
  ['P2', 'PT1H', 'PT8H'],
  ['P3', 'PT4H', 'PT20H'],
  ['P4', 'PT8H', 'PT40H'],
  ['P5', 'PT16H', 'PT80H'],
];

export async function seedDemoSla(em: EntityManager, actor: Actor): Promise<string[]> {
  if (await em.count(SlaPolicy, {})) return [];
  const sla = new SlaService(em);
  const calendar =
    (await em.findOne(BusinessCalendarRecord, { name: 'Vilnius business hours' })) ??
    (await sla.createCalendar(actor, { name: 'Vilnius business hours', definition: VILNIUS_BUSINESS_HOURS }));
  for (const [priority, responseTarget, resolutionTarget] of TARGETS) {
    await sla.createPolicy(actor, {
      name: `${priority} standard`,
      priority,
      service: null,
      organizationId: null,
      calendarId: calendar.id,
      responseTarget,
      resolutionTarget,
    });
  }
  return [`created SLA policies P1–P5 on "${calendar.name}"`];
}
