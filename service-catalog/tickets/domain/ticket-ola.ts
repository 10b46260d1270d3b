import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { parseBusinessDuration } from '../../sla/domain/business-duration';
import { assignmentHistory } from './ticket-assignment';
import type { Ticket } from './ticket.entity';

/** How long one group has held a ticket, against the group's OLA target if it has one. */
export interface GroupTime {
  group: string;
  heldMs: number;
  /** The group's target (ISO 8601, e.g. PT4H), or null when it has none. */
  target: string | null;
  breached: boolean;
  /** Whether the ticket is with this group now (its time still runs). */
  current: boolean;
}

/**
 * Time in each group (OLA): summed over every stretch the group held the ticket, read from the same
 * audit trail as the assignment history, until the ticket was resolved (or now). Wall-clock time: an
 * OLA is the desk's internal promise between its own teams, not the customer's business hours.
 */
export async function timeInGroups(
  em: EntityManager,
  ticket: Ticket,
  now = new Date(),
  /** Groups the caller already loaded by key: only the others are read. */
  known: ReadonlyMap<string, Group> = new Map(),
): Promise<GroupTime[]> {
  const steps = await assignmentHistory(em, ticket);
  const stop = (ticket.resolvedAt ?? ticket.closedAt ?? now).getTime();
  const held = new Map<string, number>();
  steps.forEach((step, i) => {
    const group = step.to.group;
    if (!group) return;
    const until = Math.min(i + 1 < steps.length ? steps[i + 1]!.at.getTime() : stop, stop);
    held.set(group, (held.get(group) ?? 0) + Math.max(0, until - step.at.getTime()));
  });
  if (!held.size) return [];
  const unknown = [...held.keys()].filter((key) => !known.has(key));
  const groups = [...known.values(), ...(unknown.length ? await em.find(Group, { key: { $in: unknown } }) : [])];
  return [...held].map(([group, heldMs]) => {
    const target = groups.find((g) => g.key === group)?.olaTarget ?? null;
    const targetMs = target ? parseBusinessDuration(target) : undefined;
    return {
      group,
      heldMs,
      target,
      breached: targetMs !== undefined && heldMs > targetMs,
      current: ticket.assignmentGroup === group && !ticket.resolvedAt && !ticket.closedAt,
    };
  });
}
