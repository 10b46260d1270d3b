/** Wire types of the Flowdesk HTTP API (served from the same origin as this UI). */

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ProcessDefinitionSummary {
  id: string;
  processId: string;
  name: string | null;
  version: number;
  deployedAt: string;
}

export interface ProcessDefinition extends ProcessDefinitionSummary {
  xml: string;
}

export interface DeployWarning {
  elementId?: string;
  message: string;
}

export interface DeployResult extends ProcessDefinitionSummary {
  warnings?: DeployWarning[];
}

export type InstanceStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELED'
  | 'TERMINATED'
  | 'TIMED_OUT'
  | 'UNKNOWN';

export interface OpenTask {
  id: string;
  elementId: string;
  name: string | null;
  createdAt: string;
}

export interface Incident {
  elementId?: string;
  message: string;
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
}

export interface HistoryEntry {
  elementId: string;
  enteredAt: string;
  leftAt?: string | null;
}

export interface ProcessInstanceDetail extends ProcessInstanceSummary {
  definitionId: string;
  variables?: Record<string, unknown>;
  history?: HistoryEntry[];
}

export interface StartInstanceRequest {
  processId: string;
  businessKey?: string;
  variables?: Record<string, unknown>;
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
