import type { FlowNodeKind } from '../compiler/process-graph';

/** Epoch milliseconds. The interpreter never reads a clock; the caller passes workflow time in. */
export type Instant = number;

export type ProcessStatus = 'active' | 'completed' | 'terminated';

/** What the engine resolved for a user task when it was opened (assignment, due date, form). */
export interface UserTaskDetails {
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  priority?: number;
}

/** One visit of one flow node: the unit Operate-style views paint and count. */
export interface ElementInstance {
  key: number;
  elementId: string;
  kind: FlowNodeKind;
  state: 'active' | 'completed' | 'terminated';
  enteredAt: Instant;
  leftAt?: Instant;
  /** Local variables from input mappings; visible to this element only (Zeebe semantics). */
  locals?: Record<string, unknown>;
  task?: UserTaskDetails;
}

export type IncidentType = 'JOB_FAILED' | 'CONDITION_ERROR' | 'EXPRESSION_ERROR' | 'IO_MAPPING_ERROR';

/** A token that cannot move until someone fixes the cause and retries; it never fails the workflow. */
export interface Incident {
  key: number;
  type: IncidentType;
  elementInstanceKey: number;
  elementId: string;
  message: string;
  createdAt: Instant;
  resolvedAt?: Instant;
}

export interface ProcessState {
  status: ProcessStatus;
  variables: Record<string, unknown>;
  /** Every element instance in the order entered; the active ones are where the tokens are. */
  elementInstances: ElementInstance[];
  /** Arrived-but-not-yet-joined sequence flows per parallel gateway. */
  joins: Record<string, string[]>;
  incidents: Incident[];
  nextKey: number;
  startedAt: Instant;
  endedAt?: Instant;
}

export type EngineEvent =
  | { type: 'userTask.complete'; elementInstanceKey: number; variables: Record<string, unknown> }
  | { type: 'serviceTask.completed'; elementInstanceKey: number; variables: Record<string, unknown> }
  | { type: 'serviceTask.failed'; elementInstanceKey: number; message: string }
  | { type: 'incident.retry'; incidentKey: number }
  | { type: 'process.cancel'; reason?: string };

/** Instructions for the workflow shell; the only way the interpreter touches the world. */
export type EngineCommand = {
  type: 'serviceTask.execute';
  elementInstanceKey: number;
  elementId: string;
  taskType: string;
  retries: number;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
};

export interface StepResult {
  state: ProcessState;
  commands: EngineCommand[];
}
