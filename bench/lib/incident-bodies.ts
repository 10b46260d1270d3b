import { IMPACTS, URGENCIES } from '../../service-catalog/tickets/domain/ticket-types';

/** What an agent sends to POST /tickets when logging a caller's incident. */
export interface IncidentBody {
  type: 'incident';
  title: string;
  description: string;
  category: string;
  subcategory: string;
  impact: (typeof IMPACTS)[number];
  urgency: (typeof URGENCIES)[number];
  organizationId: string;
  callerId?: string;
  assignmentGroup?: string;
}

/** A caller an incident may be logged for: a requester of one of the organisations the agent serves. */
export interface Caller {
  userId: string;
  organizationId: string;
}

interface Template {
  category: string;
  subcategory: string;
  /** The demo group that works this category (scripts/lib/demo-identities.ts). */
  group: string;
  titles: string[];
  detail: string;
}

const TEMPLATES: Template[] = [
  {
    category: 'network',
    subcategory: 'vpn',
    group: 'network',
    titles: ['VPN drops every few minutes', 'Cannot connect to VPN from home', 'VPN connects but no intranet'],
    detail: 'The VPN client reports a timeout after a few minutes; reconnecting works for a while.',
  },
  {
    category: 'network',
    subcategory: 'wifi',
    group: 'network',
    titles: ['Wi-Fi unreachable in the store', 'Guest Wi-Fi asks for a password it does not accept', 'Wi-Fi very slow on the second floor'],
    detail: 'Several devices at the site are affected; wired connections still work.',
  },
  {
    category: 'hardware',
    subcategory: 'printer',
    group: 'field-service',
    titles: ['Printer on floor 3 jams', 'Label printer prints blank labels', 'Receipt printer offline'],
    detail: 'The device was restarted once without effect; the error light is on.',
  },
  {
    category: 'hardware',
    subcategory: 'card-terminal',
    group: 'field-service',
    titles: ['Card terminal declines every card', 'Card terminal stuck on update screen', 'Card terminal screen cracked'],
    detail: 'Customers are asked to pay cash meanwhile; the terminal is at till 2.',
  },
  {
    category: 'hardware',
    subcategory: 'laptop',
    group: 'field-service',
    titles: ['Laptop will not boot', 'Laptop battery drains in an hour', 'Docking station not detecting monitors'],
    detail: 'The user has a spare device for today but needs theirs back this week.',
  },
  {
    category: 'software',
    subcategory: 'email',
    group: 'service-desk',
    titles: ['Outlook crashes on start', 'Shared mailbox missing', 'Mail stuck in outbox'],
    detail: 'Started after the latest update; webmail still works.',
  },
  {
    category: 'software',
    subcategory: 'erp',
    group: 'service-desk',
    titles: ['ERP login fails with error 403', 'ERP report export hangs', 'Stock levels not updating in ERP'],
    detail: 'Colleagues at the same site see the same; it worked yesterday.',
  },
  {
    category: 'software',
    subcategory: 'access',
    group: 'service-desk',
    titles: ['Password reset needed', 'Account locked after holiday', 'Needs access to the finance share'],
    detail: 'The caller verified their identity by phone.',
  },
];

/** mulberry32: a seeded generator, so every run sends the same bodies and runs stay comparable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` incident bodies over the given callers. With `setGroup`, the agent routes the ticket to the
 * category's group, as a first-line agent does; without, routing is left to the process.
 */
export function incidentBodies(count: number, callers: Caller[], opts: { setGroup: boolean; seed?: number }): IncidentBody[] {
  if (callers.length === 0) throw new Error('no callers: the demo data has no requesters');
  const random = seeded(opts.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const template = pick(TEMPLATES);
    const caller = pick(callers);
    return {
      type: 'incident' as const,
      title: pick(template.titles),
      description: `${template.detail} Reported by phone (call ${i + 1}). Steps tried: restart, sign out and in again. Please call back on the number in the caller's profile.`,
      category: template.category,
      subcategory: template.subcategory,
      impact: pick(IMPACTS),
      urgency: pick(URGENCIES),
      organizationId: caller.organizationId,
      callerId: caller.userId,
      ...(opts.setGroup ? { assignmentGroup: template.group } : {}),
    };
  });
}
