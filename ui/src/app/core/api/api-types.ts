/** Wire types of the Flowdesk HTTP API (served from the same origin as this UI). */
import type { TicketWait } from './ticket-types';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ProcessDefinitionSummary {
  id: string;
  processId: string;
  name: string | null;
  version: number;
  /** The process's `zeebe:versionTag`, which call activities with `bindingType="versionTag"` name. */
  versionTag?: string | null;
  deployedAt: string;
  archivedAt?: string | null;
  /** Whether new instances start on this version. */
  active?: boolean;
}

export interface ProcessDefinition extends ProcessDefinitionSummary {
  xml: string;
}

/** A lint warning: a sentence naming the element, its id (for the marker) and the rule that found it. */
export interface DeployWarning {
  elementId?: string;
  elementName?: string;
  message: string;
  rule?: string;
}

/** One Camunda form (.form) of a deployment, as stored: the next version of its form id, or the same one when unchanged. */
export interface DeployedForm {
  id: string;
  formId: string;
  version: number;
  versionTag: string | null;
  deployedAt: string;
  created: boolean;
}

export interface DeployResult extends ProcessDefinitionSummary {
  warnings?: DeployWarning[];
  /** The forms deployed with the process, in the order sent. */
  forms?: DeployedForm[];
}

/** GET /form-definitions: one deployed form id, with its versions newest first. */
export interface FormDefinitionSummary {
  formId: string;
  latestVersion: number;
  versions: number[];
  versionTag: string | null;
  deployedAt: string;
}

/** GET /form-definitions/{formId}: one deployed version, with its form-js JSON as deployed. */
export interface FormDefinition {
  id: string;
  formId: string;
  version: number;
  versionTag: string | null;
  deployedAt: string;
  schema: Record<string, unknown>;
}

/** A Camunda form to deploy with a process: the form-js JSON of a `.form` file, whose `id` user tasks name. */
export interface FormResource {
  name: string;
  form: Record<string, unknown>;
}

export type InstanceStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'TIMED_OUT' | 'UNKNOWN';

/** The task operations a task listener may deny (Camunda 8.8). */
export type TaskDenialEvent = 'assigning' | 'updating' | 'completing';

/** The last assignment, change or completion of an open task that a task listener denied, and why. */
export interface TaskDenial {
  eventType: TaskDenialEvent;
  reason: string;
  deniedAt?: string; // ISO; absent on denials from before it was kept
}

export interface OpenTask {
  id: string;
  elementId: string;
  name: string | null;
  createdAt: string;
  /** A ticket's task: the ticket actions that complete it, on the ticket's page (the API refuses a raw completion). */
  ticketActions?: string[];
  /** `zeebe:formDefinition`: a form id, or `camunda-forms:bpmn:<id>` for a form embedded in the process. */
  formKey?: string;
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  /** ISO 8601 instants. */
  dueDate?: string;
  followUpDate?: string;
  /** Camunda 8's task priority, 0 to 100. */
  priority?: number;
  /** Its last assignment, change or completion a task listener denied; gone once one goes through. */
  denial?: TaskDenial;
}

/** PATCH /tasks/{id}: what changes; null (or an empty list) clears a field. */
export interface UserTaskChanges {
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number;
}

/** GET /tasks/{id}/form: the task's Camunda form, rendered with form-js; null when it has none. */
export interface TaskForm {
  taskId: string;
  formKey: string | null;
  form: {
    schema: Record<string, unknown>;
    formId?: string;
    version?: number;
    /** The values of the process variables the form names. */
    data: Record<string, unknown>;
  } | null;
}

export interface Incident {
  key?: number;
  type?: string;
  elementId?: string;
  message: string;
  createdAt?: string;
}

/** Set when the instance was terminated because its workflow could not take a cancel. */
export interface InstanceTermination {
  reason: string;
  cause: string;
  at: string;
  by: string;
}

export interface ProcessInstanceSummary {
  id: string;
  processId: string;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  startedAt: string;
  activeElementIds: string[];
  openTasks: OpenTask[];
  incidents: Incident[];
  openIncidentCount?: number;
  endedAt?: string;
  /** The ticket this instance drives, if any. */
  ticketNumber?: string | null;
  termination?: InstanceTermination;
}

export interface HistoryEntry {
  key?: number;
  state?: string;
  elementId: string;
  enteredAt: string;
  leftAt?: string | null;
  /** feelin's warnings for this element's expressions (a missing variable read as null…), issue 16. */
  feelWarnings?: string[];
}

/** An active ad-hoc sub-process (its element instance `key`) and the inner elements it may activate. */
export interface ActivatableAdHoc {
  key: number;
  elementId: string;
  name?: string;
  activatable: { elementId: string; name?: string }[];
}

export interface ProcessInstanceDetail extends ProcessInstanceSummary {
  definitionId: string;
  variables?: Record<string, unknown>;
  history?: HistoryEntry[];
  elementCounts?: Record<string, { active: number; completed: number; terminated: number }>;
  scopes?: { key: number; elementId: string; variables: Record<string, unknown> }[];
  /** Active ad-hoc sub-processes that may be told to activate elements now, and which. */
  adHocSubProcesses?: ActivatableAdHoc[];
  /** Everything the instance waits for now, each with its sentence (times in the zone asked for). */
  waits?: TicketWait[];
}

export interface InstanceFilter {
  processId?: string;
  status?: 'RUNNING' | 'COMPLETED' | 'CANCELED';
  businessKey?: string;
  hasIncident?: boolean;
}

export interface ValidationResult {
  valid: boolean;
  errors: ApiErrorDetail[];
  warnings: DeployWarning[];
}

export interface ElementChange {
  id: string;
  kind: string;
  name?: string;
  fields?: string[];
}

export interface DefinitionDiff {
  added: ElementChange[];
  removed: ElementChange[];
  changed: ElementChange[];
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
}

export interface StartInstanceRequest {
  processId: string;
  /** The version whose start form the variables answer; none: the active version. */
  version?: number;
  businessKey?: string;
  variables?: Record<string, unknown>;
  /** The variables are the answers to the version's start form: the API checks them against it. */
  startForm?: boolean;
}

/** A process version's start form (`GET /process-definitions/{id}/start-form`). */
export interface StartForm {
  definitionId: string;
  /** As the diagram names it: a form id, or camunda-forms:bpmn:<id>. */
  formKey: string | null;
  form: { schema: Record<string, unknown>; formId?: string; version?: number } | null;
}

export interface StartedInstance {
  id: string;
  processId: string;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  startedAt: string;
}

export interface ApiErrorDetail {
  elementId?: string;
  field?: string;
  message: string;
}

/** Error body of every 4xx/5xx answer. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ApiErrorDetail[];
}

export interface MigrationPlan {
  possible: boolean;
  from: { definitionId: string; version: number };
  to: { definitionId: string; version: number };
  elements: {
    elementInstanceKey: number;
    elementId: string;
    targetElementId?: string;
    action: 'keep' | 'map' | 'refuse';
    problem?: string;
  }[];
  problems: ApiErrorDetail[];
}
