import { OpenTask, UserTaskChanges } from '../../core/api/api-types';

/** The reschedule form's fields as typed: lists comma-separated, dates in the reader's local time. */
export interface TaskDraft {
  candidateGroups: string;
  candidateUsers: string;
  /** `datetime-local` text, '' for none. */
  dueDate: string;
  followUpDate: string;
  /** A number input gives null when empty. */
  priority: number | null;
}

export function draftOf(task: OpenTask): TaskDraft {
  return {
    candidateGroups: (task.candidateGroups ?? []).join(', '),
    candidateUsers: (task.candidateUsers ?? []).join(', '),
    dueDate: localInput(task.dueDate),
    followUpDate: localInput(task.followUpDate),
    priority: task.priority ?? null,
  };
}

/**
 * Only what differs from the task goes out: PATCH applies each field it names, and the task's updating
 * listeners see exactly what changed. A priority cannot be cleared (Camunda 8 has no "no priority").
 */
export function changesOf(draft: TaskDraft, task: OpenTask): { changes: UserTaskChanges; problems: Record<string, string> } {
  const changes: UserTaskChanges = {};
  const problems: Record<string, string> = {};
  const groups = names(draft.candidateGroups);
  if (groups.join() !== (task.candidateGroups ?? []).join()) changes.candidateGroups = groups;
  const users = names(draft.candidateUsers);
  if (users.join() !== (task.candidateUsers ?? []).join()) changes.candidateUsers = users;
  for (const field of ['dueDate', 'followUpDate'] as const) {
    if (draft[field] === localInput(task[field])) continue;
    // datetime-local is the reader's wall-clock time; the API takes an instant.
    changes[field] = draft[field] ? new Date(draft[field]).toISOString() : null;
  }
  if (draft.priority === null) {
    if (task.priority !== undefined) problems['priority'] = 'A task keeps a priority: give one from 0 to 100.';
  } else if (draft.priority !== task.priority) changes.priority = draft.priority;
  return { changes, problems };
}

function names(text: string): string[] {
  return [...new Set(text.split(',').map((n) => n.trim()))].filter(Boolean);
}

/** An instant as `datetime-local` wants it, in the browser's zone: `2026-12-04T18:30`. */
function localInput(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
