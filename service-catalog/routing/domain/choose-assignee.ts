/**
 * How a group hands a routed ticket to one of its members:
 * - `manual`: nobody; the ticket waits in the group's unassigned queue for someone to take it.
 * - `round-robin`: the next available member (by username) after the one chosen last time, wrapping.
 * - `least-loaded`: the available member with the fewest open tickets.
 * - `skills`: among available members with every skill the matched rule requires, the least loaded.
 * Whatever the strategy, only members who serve the ticket's organisation are candidates: a ticket
 * given to someone who cannot see it would sit in a queue nobody works.
 */
export const ROUTING_STRATEGIES = ['manual', 'round-robin', 'least-loaded', 'skills'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** A member of the group as the choice sees them; the service gathers these from the directory and the tickets. */
export interface Candidate {
  id: string;
  username: string;
  /**
   * Whether they may see the ticket: they serve its customer organisation, or (an internal ticket)
   * they are staff. Nobody else is ever chosen.
   */
  servesTicket: boolean;
  available: boolean;
  skills: readonly string[];
  /** Tickets assigned to them that are not resolved, closed or cancelled (in any group). */
  openTickets: number;
  /** When routing last gave them a ticket; null if never. */
  lastAssignedAt: Date | null;
}

export interface AssigneeQuery {
  strategy: RoutingStrategy;
  candidates: readonly Candidate[];
  /** Round-robin: the username chosen last time in this group, or null before the first choice. */
  cursor: string | null;
  /** Skills: what the matched rule requires; empty means any available member qualifies. */
  requiredSkills?: readonly string[];
}

export type NoChoiceReason = 'manual' | 'nobody-serves-the-organisation' | 'nobody-available' | 'nobody-has-the-skills';

export type AssigneeChoice =
  { assignee: Candidate; cursor: string | null } | { assignee: null; cursor: string | null; reason: NoChoiceReason };

/**
 * The choice itself, with no I/O, so every strategy's rule (ties, wrap-around, nobody available) is
 * pinned by specs. The returned `cursor` is what the group should remember: round-robin moves it to
 * the chosen member; every other outcome leaves it as it was.
 */
export function chooseAssignee(query: AssigneeQuery): AssigneeChoice {
  const { strategy, cursor } = query;
  if (strategy === 'manual') return { assignee: null, cursor, reason: 'manual' };
  const serving = query.candidates.filter((c) => c.servesTicket);
  if (serving.length === 0 && query.candidates.length > 0) return { assignee: null, cursor, reason: 'nobody-serves-the-organisation' };
  const available = serving.filter((c) => c.available);
  if (available.length === 0) return { assignee: null, cursor, reason: 'nobody-available' };
  switch (strategy) {
    case 'round-robin': {
      const next = nextAfter(available, cursor);
      return { assignee: next, cursor: next.username };
    }
    case 'least-loaded':
      return { assignee: leastLoaded(available), cursor };
    case 'skills': {
      const required = (query.requiredSkills ?? []).map(normaliseSkill);
      const skilled = available.filter((c) => {
        const has = new Set(c.skills.map(normaliseSkill));
        return required.every((s) => has.has(s));
      });
      if (skilled.length === 0) return { assignee: null, cursor, reason: 'nobody-has-the-skills' };
      return { assignee: leastLoaded(skilled), cursor };
    }
  }
}

/** Skills compare without regard to case or surrounding spaces ("VPN" is "vpn"). */
export const normaliseSkill = (skill: string) => skill.trim().toLowerCase();

const byUsername = (a: Candidate, b: Candidate) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);

/**
 * The first member whose username sorts after the cursor, else the first of all (wrap-around).
 * Ordering by username rather than by id keeps the rotation meaningful even when the member the
 * cursor names has since left the group or become unavailable.
 */
function nextAfter(available: Candidate[], cursor: string | null): Candidate {
  const ordered = [...available].sort(byUsername);
  return (cursor === null ? undefined : ordered.find((c) => c.username > cursor)) ?? ordered[0]!;
}

/** Fewest open tickets; ties go to whoever was given one least recently (never counts as longest ago), then by username. */
function leastLoaded(candidates: Candidate[]): Candidate {
  const lastAt = (c: Candidate) => c.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return [...candidates].sort((a, b) => a.openTickets - b.openTickets || lastAt(a) - lastAt(b) || byUsername(a, b))[0]!;
}
