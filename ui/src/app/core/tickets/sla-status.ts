import { FINISHED_STATES, Ticket } from '../api/ticket-types';

/** How a ticket stands against its resolution target, for a badge and its colour. */
export interface SlaStatus {
  tone: 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'none';
  /** Short text: "2 h 15 min left", "paused", "breached". */
  label: string;
  /** Longer text for a tooltip or a screen reader. */
  description: string;
}

const MINUTE = 60_000;

/** "3 d 4 h", "2 h 15 min", "45 min", "under a minute": precise enough to act on, short enough for a row. */
export function humanDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/**
 * The resolution clock as an agent reads it: breached (stamped by the process, or simply overdue) wins;
 * a finished ticket has met its target; a paused clock shows the time it kept; otherwise the time
 * left, amber once the warning point has passed.
 */
export function slaStatus(ticket: Pick<Ticket, 'state' | 'sla'>, now: number): SlaStatus {
  const { sla } = ticket;
  const due = sla.resolutionDueAt ? Date.parse(sla.resolutionDueAt) : NaN;
  if (sla.breachedAt) {
    const late = Number.isNaN(due) ? '' : ` by ${humanDuration(now - due)}`;
    return {
      tone: 'breached',
      label: 'breached',
      description: `Resolution target breached${FINISHED_STATES.includes(ticket.state) ? '' : late}`,
    };
  }
  if (Number.isNaN(due)) return { tone: 'none', label: 'no SLA', description: 'No SLA clock runs for this ticket' };
  if (FINISHED_STATES.includes(ticket.state)) return { tone: 'met', label: 'met', description: 'Resolved within the target' };
  if (sla.pausedAt) {
    const kept = due - Date.parse(sla.pausedAt);
    return { tone: 'paused', label: 'paused', description: `Clock paused with ${humanDuration(kept)} left` };
  }
  if (now >= due) return { tone: 'breached', label: 'breached', description: `Overdue by ${humanDuration(now - due)}` };
  const left = `${humanDuration(due - now)} left`;
  const warnAt = sla.resolutionWarningAt ? Date.parse(sla.resolutionWarningAt) : NaN;
  if (sla.warnedAt || now >= warnAt) return { tone: 'warning', label: left, description: `${left}; past the warning point` };
  return { tone: 'ok', label: left, description: `${left} to resolve` };
}
