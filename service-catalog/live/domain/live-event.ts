import type { TenantScope } from '../../db/tenant';
import { isUuid } from '../../text/uuid';

/**
 * A hint that a ticket changed, as PostgreSQL announces it (see the live-events migration): who may
 * hear it is decided here, what changed is read again through the ordinary, tenant-scoped API. So a
 * push carries no field of the ticket, only which one to read.
 */
export interface TicketChanged {
  /**
   * The ticket row, a public reply or internal note on it, or its process (open tasks, incidents) moved;
   * `chat`: the live chat of the ticket changed (taken, ended, became a ticket); `typing`: someone in it types.
   */
  kind: 'ticket' | 'reply' | 'note' | 'process' | 'chat' | 'typing';
  /** The ticket's id; for `process`, the process instance's (pages match it to the ticket they show). */
  id: string;
  /** Known for changes of the ticket row itself; entries name their ticket by id only. */
  number: string | null;
  organizationId: string | null;
  /** For `typing`: which side of the chat types. */
  who?: 'agent' | 'visitor';
}

const KINDS: ReadonlyArray<TicketChanged['kind']> = ['ticket', 'reply', 'note', 'process', 'chat', 'typing'];

/** The NOTIFY payload, or null for anything that is not one of ours (never trusted blindly: any role may NOTIFY). */
export function parseTicketChanged(payload: string | undefined): TicketChanged | null {
  if (!payload || payload.length > 1000) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const { k, id, n, o, w } = raw as Record<string, unknown>;
  if (!KINDS.includes(k as TicketChanged['kind'])) return null;
  if (k === 'typing' && w !== 'agent' && w !== 'visitor') return null;
  if (typeof id !== 'string' || !isUuid(id)) return null;
  if (n !== null && n !== undefined && (typeof n !== 'string' || n.length > 40)) return null;
  if (o !== null && o !== undefined && (typeof o !== 'string' || !isUuid(o))) return null;
  return {
    kind: k as TicketChanged['kind'],
    id,
    number: (n as string | null | undefined) ?? null,
    organizationId: (o as string | null | undefined) ?? null,
    ...(k === 'typing' ? { who: w as 'agent' | 'visitor' } : {}),
  };
}

/**
 * Whether a subscriber with this tenant scope may hear of the change: the same rule as reading the ticket
 * (its organisation in scope, internal tickets for staff only), and internal notes for staff only.
 */
export function mayHear(scope: TenantScope, staff: boolean, event: TicketChanged): boolean {
  // Notes are internal; a chat's own hints reach its visitor through the chat's stream, not this one.
  if ((event.kind === 'note' || event.kind === 'chat' || event.kind === 'typing') && !staff) return false;
  if (scope.all) return true;
  if (event.organizationId === null) return scope.includeUnowned;
  return scope.organizationIds.includes(event.organizationId);
}
