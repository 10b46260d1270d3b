import { ChecklistEntry, FieldAction, Part, PartUsed, WHOLE_UNITS, WorkOrder } from '../../core/api/field-api';
import { OutboxEntry } from './outbox-store';

/** The work-order statuses in the order a job goes through them (service-catalog/field-service/domain/work-order.entity.ts). */
const ORDER = [
  'created',
  'scheduled',
  'dispatched',
  'accepted',
  'travelling',
  'on_site',
  'signed_off',
  'completed',
  'report_sent',
  'closed',
];
/** Where each of the technician's actions takes the job. */
const REACHES: Partial<Record<FieldAction['action'], string>> = {
  accept: 'accepted',
  'start-travel': 'travelling',
  'check-in': 'on_site',
  'sign-off': 'signed_off',
  'check-out': 'completed',
};

/** A job as the phone shows it: what the server last said, with what the technician has done since laid over it. */
export interface JobView {
  workOrder: WorkOrder;
  status: string;
  rejected: boolean;
  checklist: ChecklistEntry[];
  parts: PartUsed[];
  photos: number;
  /** Entries not yet on the server. */
  pending: number;
}

/**
 * The job after the phone's own entries (queued, or synced but perhaps not yet reflected in the
 * server's copy): statuses only move forward, the last checklist ticks and parts list win. Entries
 * the server refused are left out: they did not happen.
 */
export function jobView(workOrder: WorkOrder, entries: readonly OutboxEntry[]): JobView {
  const mine = entries.filter((e) => e.workOrder === workOrder.number && (e.state === 'queued' || e.state === 'synced'));
  let rank = ORDER.indexOf(workOrder.status);
  let rejected = false;
  const ticks = new Map<string, boolean>();
  let parts = workOrder.parts;
  for (const e of mine) {
    const a = e.action;
    if (!a) continue;
    const reached = REACHES[a.action];
    if (reached) rank = Math.max(rank, ORDER.indexOf(reached));
    if (a.action === 'reject' && e.state === 'queued') rejected = true;
    if (a.action === 'checklist') for (const item of a.items) ticks.set(item.key, item.done);
    if (a.action === 'parts') parts = a.parts;
  }
  return {
    workOrder,
    status: rank < 0 ? workOrder.status : ORDER[rank]!,
    rejected,
    checklist: workOrder.checklist.map((c) => (ticks.has(c.key) ? { ...c, done: ticks.get(c.key)! } : c)),
    parts,
    photos: mine.filter((e) => e.kind === 'photo').length,
    pending: mine.filter((e) => e.state === 'queued').length,
  };
}

/** What the technician can do next, by the job's status. */
export function nextSteps(status: string): Array<FieldAction['action']> {
  switch (status) {
    case 'scheduled':
    case 'dispatched':
      return ['accept', 'reject'];
    case 'accepted':
      return ['start-travel'];
    case 'travelling':
      return ['check-in'];
    case 'on_site':
      return ['checklist', 'parts', 'sign-off'];
    case 'signed_off':
      return ['checklist', 'parts', 'check-out'];
    default:
      return [];
  }
}

/** Required checklist items still open: they block the check-out (the server says so too). */
export const openRequired = (checklist: readonly ChecklistEntry[]) => checklist.filter((c) => c.required && !c.done);

/** Whether a job's window meets the given local day. */
export function isOn(workOrder: WorkOrder, day: Date): boolean {
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  const end = start + 24 * 60 * 60_000;
  return Date.parse(workOrder.window.startsAt) < end && Date.parse(workOrder.window.endsAt) > start;
}

/**
 * The catalogue parts a job may use: the provider's (no organisation) and the job's customer's own,
 * the customer's winning where both have a SKU (as the server resolves it), narrowed by `query` —
 * a SKU prefix or words that all occur in the name — and sorted by SKU.
 */
export function partsFor(catalogue: readonly Part[], organizationId: string | null, query = ''): Part[] {
  const bySku = new Map<string, Part>();
  for (const part of catalogue) {
    if (!part.active || (part.organizationId !== null && part.organizationId !== organizationId)) continue;
    if (!bySku.has(part.sku) || part.organizationId) bySku.set(part.sku, part);
  }
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  return [...bySku.values()]
    .filter((p) => !q || p.sku.toLowerCase().startsWith(q) || words.every((w) => p.name.toLowerCase().includes(w)))
    .sort((a, b) => a.sku.localeCompare(b.sku));
}

/** Why a quantity of `part` cannot be recorded, or null when it can: positive, whole for pieces. */
export function quantityProblem(part: Part, quantity: number): string | null {
  if (!Number.isFinite(quantity) || quantity <= 0) return `Give a quantity of ${part.sku} above 0.`;
  if (WHOLE_UNITS.includes(part.unit) && !Number.isInteger(quantity)) return `${part.sku} is counted in whole ${part.unit}.`;
  if (Math.round(quantity * 1000) !== quantity * 1000) return 'At most three decimals.';
  return null;
}

/** The parts list with one more use: the same part with the same note adds to its quantity instead of a second line. */
export function withPart(parts: readonly PartUsed[], used: PartUsed): PartUsed[] {
  const same = parts.findIndex((p) => p.partNumber === used.partNumber && p.description === used.description);
  if (same < 0) return [...parts, used];
  return parts.map((p, i) => (i === same ? { ...p, quantity: Math.round((p.quantity + used.quantity) * 1000) / 1000 } : p));
}
