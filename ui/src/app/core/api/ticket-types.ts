// Over 300 lines because it mirrors one schema file (tickets/schemas.ts) that the wire-type test checks as a whole.
/**
 * Wire types of the ticket API (service-catalog/tickets/schemas.ts) and of GET /me. The ticket API's
 * are checked against the served /openapi.json by test/integration/ui-wire-types.test.ts.
 */

import type { TaskDenial } from './api-types';

/** States the ticket's process writes; the diagram may add others, so any string is accepted. */
export type TicketState = 'new' | 'in_progress' | 'awaiting_caller' | 'resolved' | 'closed' | 'cancelled' | (string & {});

export const TICKET_STATES: readonly { value: TicketState; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'awaiting_caller', label: 'Awaiting caller' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** States in which the SLA clock no longer runs and nothing more is asked of the desk. */
export const FINISHED_STATES: readonly TicketState[] = ['resolved', 'closed', 'cancelled', 'rejected'];

export type Level = 'high' | 'medium' | 'low';
export const LEVELS: readonly Level[] = ['high', 'medium', 'low'];

export interface TicketSla {
  policy: string | null;
  responseDueAt: string | null;
  resolutionWarningAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  /** Set while the clock stands still (awaiting caller, resolved). */
  pausedAt: string | null;
  /** Business time the clock has stood still in total. */
  pausedMs: number;
  warnedAt: string | null;
  breachedAt: string | null;
  /** When the first-response deadline passed without a response from the desk. */
  responseBreachedAt: string | null;
}

export interface NamedOrganization {
  id: string;
  name: string;
}
export interface NamedGroup {
  key: string;
  name: string;
}
export interface Person {
  id: string;
  displayName: string;
}

/** The caller as the desk sees them (staff of the customers they serve); a requester sees only their own name. */
export interface TicketCaller extends Person {
  email?: string | null;
  phone?: string;
  organization?: NamedOrganization | null;
}

/** A user task the ticket's process waits at, and the ticket actions that complete it. */
export interface WaitingTask {
  taskId: string;
  elementId: string;
  name: string | null;
  candidateGroups: string[];
  groups: NamedGroup[];
  actions: string[];
  formKey: string | null; // its Camunda form, if any (issue 16): the desk renders it
  denial?: TaskDenial; // its last assignment, change or completion a task listener denied, and why
}

export const TICKET_ABILITIES = [
  'take',
  'release',
  'reassign',
  'categorise',
  'confirm-major',
  'await-caller',
  'resolve',
  'implement',
  'review',
  'reply',
  'note',
] as const;
export type TicketAbility = (typeof TICKET_ABILITIES)[number];

/** Whether the signed-in user may do something now; `code` says why not (the UI words it). */
export interface Ability {
  allowed: boolean;
  code: string | null;
  reason: string | null;
}

/** Staff, on single-ticket answers: where the process waits, and what they may do now. */
export interface TicketWork {
  waitingAt: WaitingTask[];
  can: Record<TicketAbility, Ability>;
}

export interface Ticket {
  id: string;
  number: string;
  type: string;
  title: string;
  description: string;
  callerId: string | null;
  caller: TicketCaller | null;
  organizationId: string | null;
  /** The customer the ticket belongs to. */
  organization: NamedOrganization | null;
  category: string | null;
  subcategory: string | null;
  service: string | null;
  /** The service the ticket is about (GET /services); `service` is its name. */
  serviceId: string | null;
  impact: string | null;
  urgency: string | null;
  priority: string | null;
  state: TicketState;
  /** Which way it came in (mail, chat, phone, slack…); null: before channels were recorded. */
  channel: string | null;
  assignmentGroup: string | null;
  /** Staff only: the group with its name. */
  group: NamedGroup | null;
  assigneeId: string | null;
  /** Staff only: the assignee by name. */
  assignee: Person | null;
  tags: string[];
  processInstanceId: string | null;
  sla: TicketSla;
  /** A change's record (type change); null on other tickets. */
  changeType: string | null;
  changeTemplate: string | null;
  likelihood: string | null;
  risk: string | null;
  plannedStartAt: string | null;
  plannedEndAt: string | null;
  implementationPlan: string | null;
  backoutPlan: string | null;
  testPlan: string | null;
  affectedServices: string[];
  resolutionCode: string | null;
  resolutionNotes: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** The caller's answer to the closing survey, 1 (poor) to 5 (excellent); null until answered. */
  satisfaction: number | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-lock version: assignment sends the one it read. */
  version: number;
  work?: TicketWork;
  /** Staff only: time in each group (OLA). */
  ola?: GroupTime[];
}

export interface TicketEntry {
  id: string;
  /** `reply` is public; `note` is internal to the desk (requesters never receive notes). */
  kind: 'reply' | 'note';
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface TicketLink {
  kind: string;
  direction: 'outgoing' | 'incoming';
  number: string;
  title: string;
  state: TicketState;
}

export const TICKET_QUEUES = [
  { value: 'all', label: 'All tickets' },
  { value: 'mine', label: 'Mine' },
  { value: 'my-groups', label: 'My groups' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'breaching-soon', label: 'Breaching soon' },
] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number]['value'];

export interface TicketQuery {
  queue?: TicketQueue;
  q?: string;
  state?: string;
  /** Only tickets that came in on this channel. */
  channel?: string;
  limit: number;
  offset: number;
}

export interface NewTicket {
  title: string;
  description: string;
  category: string;
  service?: string;
  impact: Level;
  urgency: Level;
}

export const RESOLUTION_CODES = [
  { value: 'solved', label: 'Solved' },
  { value: 'workaround', label: 'Workaround given' },
  { value: 'not_reproducible', label: 'Not reproducible' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'no_caller_response', label: 'No response from the caller' },
  { value: 'rejected', label: 'Rejected' },
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number]['value'];

export interface Categorisation {
  category: string;
  subcategory?: string | null;
  service?: string | null;
  impact: Level;
  urgency: Level;
}

/** The categories offered in the forms; the API takes any short text. */
export const CATEGORIES = [
  { value: 'network', label: 'Network, VPN, Wi-Fi' },
  { value: 'hardware', label: 'Hardware (laptop, printer, scanner)' },
  { value: 'software', label: 'Software and applications' },
  { value: 'access', label: 'Accounts and access' },
  { value: 'other', label: 'Something else' },
] as const;

/** Answer of an agent action: the ticket right after the process took it, and the user task completed. */
export interface TicketActionResult {
  ticket: Ticket;
  taskId: string;
  elementId: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string | null;
  groupKeys: string[];
}

/** Where a ticket can be handed: every group, and the agents of one of them who serve its customer. */
export interface AssignmentOptions {
  groups: NamedGroup[];
  group: NamedGroup | null;
  agents: Array<Person & { username: string; available: boolean }>;
}

export interface TicketHolder {
  group: NamedGroup | null;
  assignee: Person | null;
}

/** One change of hands; `by` null: the system (routing rules, the process). */
export interface AssignmentStep {
  at: string;
  by: Person | null;
  how: 'raised' | 'routed' | 'assigned' | 'taken' | 'released';
  from: TicketHolder;
  to: TicketHolder;
}

/** How long one group has held a ticket, against its OLA target. */
export interface GroupTime {
  group: string;
  heldMs: number;
  target: string | null;
  breached: boolean;
  current: boolean;
}

/** One thing a ticket's process waits for (GET /tickets/{number}/waits), with the sentence the API wrote. */
export interface TicketWait {
  kind: 'userTask' | 'timer' | 'message' | 'signal' | 'job' | 'calledProcess' | 'adHocActivation' | 'incident';
  elementId: string;
  label: string;
  text: string;
  since?: string;
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string;
  dueAt?: string;
  repeatsLeft?: number;
  messageName?: string;
  correlationKey?: string;
  signalName?: string;
  taskType?: string;
  adHocDecision?: boolean; // a job of an ad-hoc sub-process, whose worker decides what it does next
  incidentType?: string;
  message?: string;
  effect?: { type: 'interrupts' | 'runs-beside' | 'starts' | 'continues'; activity?: string; next: string[] };
  activatable?: string[]; // an ad-hoc sub-process with nothing running: what it may activate
}

/** Why a ticket waits: `unavailable` when no worker answered in time, `none` without a process. */
export interface TicketWaits {
  number: string;
  state: 'waiting' | 'ended' | 'unavailable' | 'none';
  waits: TicketWait[];
}
