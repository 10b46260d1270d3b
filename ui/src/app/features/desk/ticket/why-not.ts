import { TICKET_STATES, Ticket, TicketAbility, WaitingTask } from '../../../core/api/ticket-types';

/** What each ability is called on the page. */
export const ABILITY_LABELS: Record<TicketAbility, string> = {
  take: 'Take',
  release: 'Put back in queue',
  reassign: 'Reassign',
  categorise: 'Categorise',
  'confirm-major': 'Confirm or downgrade a major incident',
  'await-caller': 'Ask caller',
  resolve: 'Resolve',
  implement: 'Record the implementation',
  review: 'Post-implementation review',
  reply: 'Public reply',
  note: 'Internal note',
};

const groupNames = (tasks: readonly WaitingTask[]) => [...new Set(tasks.flatMap((t) => t.groups.map((g) => g.name)))];
const either = (names: string[]) => (names.length ? names.join(' or ') : 'another');

/**
 * Why the signed-in user may not do `ability` to `ticket` now, in a sentence for the desk; null when
 * they may (or the API said nothing). The API gives the reason as a code (ticket.work.can).
 */
export function whyNot(ability: TicketAbility, ticket: Ticket): string | null {
  const work = ticket.work;
  const verdict = work?.can[ability];
  if (!work || !verdict || verdict.allowed) return null;
  const waiting = work.waitingAt;
  const task = waiting.find((t) => t.actions.includes(ability));
  const owners = ticket.group ? [ticket.group.name] : groupNames(waiting);
  switch (verdict.code) {
    case 'TICKET_FINISHED':
      return `The ticket is ${(TICKET_STATES.find((s) => s.value === ticket.state)?.label ?? ticket.state).toLowerCase()}: there is nothing more to do here.`;
    case 'ALREADY_YOURS':
      return 'It is already yours.';
    case 'NOT_YOURS':
      return 'It is not assigned to you.';
    case 'NOT_IN_GROUP':
      return `It is for the ${either(owners)} group, which you are not in. Reassign it if it belongs elsewhere.`;
    case 'NOT_YOUR_TICKET':
      if (ability === 'reply') return `The ${either(owners)} group answers this caller. Write them an internal note instead.`;
      return `${task?.name ?? 'This step'} is the ${either(task ? groupNames([task]) : owners)} group’s work, and you are not in it.`;
    case 'NOT_WAITING':
      return notWaiting(ticket, waiting);
    case 'STAFF_ONLY':
      return 'Only the service desk does this.';
    default:
      return verdict.reason;
  }
}

function notWaiting(ticket: Ticket, waiting: readonly WaitingTask[]): string {
  if (waiting.length) return `The ticket waits at “${waiting.map((t) => t.name ?? t.elementId).join('”, “')}” first.`;
  if (ticket.state === 'awaiting_caller') return 'It waits for the caller’s answer.';
  if (ticket.state === 'resolved') return 'It waits for the caller to confirm the resolution.';
  return 'The process is not waiting for the desk right now; it moves on by itself.';
}
