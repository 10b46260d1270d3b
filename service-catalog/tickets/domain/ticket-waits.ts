import { ProcessInstanceNotFound, type Wait } from '../../../workflows/client';
import type { TicketProcesses } from './ticket-service';
import type { Ticket } from './ticket.entity';

/**
 * Where a ticket's process stands: `waiting` with everything it waits for (asked of the running
 * workflow, so timers and message subscriptions are as they are now), `ended`, `unavailable` when no
 * worker answered in time, or `none` for a ticket without a process.
 */
export type TicketWaits = { state: 'waiting'; waits: Wait[] } | { state: 'ended' | 'unavailable' | 'none'; waits: [] };

export async function ticketWaits(processes: TicketProcesses, ticket: Ticket): Promise<TicketWaits> {
  if (!ticket.processInstanceId) return { state: 'none', waits: [] };
  try {
    const { status, view } = await processes.engine.inspect(ticket.processInstanceId);
    if (status !== 'RUNNING') return { state: 'ended', waits: [] };
    if (!view) return { state: 'unavailable', waits: [] };
    // A view from a worker that predates the explanation has none: say so rather than "nothing".
    return view.waits ? { state: 'waiting', waits: view.waits } : { state: 'unavailable', waits: [] };
  } catch (err) {
    if (err instanceof ProcessInstanceNotFound) return { state: 'ended', waits: [] };
    throw err;
  }
}

/** Candidate group keys of the waits' user tasks, to load their names. */
export const waitGroupKeys = (waits: readonly Wait[]) => waits.flatMap((w) => (w.kind === 'userTask' ? w.candidateGroups : []));
