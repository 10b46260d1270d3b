import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import {
  DefinitionDiff,
  DeployResult,
  ElementStatistics,
  FormDefinition,
  FormDefinitionSummary,
  FormResource,
  InstanceFilter,
  MigrationPlan,
  ValidationResult,
  Page,
  ProcessDefinition,
  ProcessDefinitionSummary,
  ProcessInstanceDetail,
  ProcessInstanceSummary,
  StartForm,
  StartInstanceRequest,
  StartedInstance,
  TaskForm,
  UserTaskChanges,
} from './api-types';

/**
 * Typed client of the Flowdesk HTTP API. URLs are origin-relative: the API is served
 * from the same origin as the UI.
 */
@Injectable({ providedIn: 'root' })
export class FlowdeskApi {
  private readonly http = inject(HttpClient);

  listDefinitions(limit = 100, offset = 0): Observable<Page<ProcessDefinitionSummary>> {
    return this.http.get<Page<ProcessDefinitionSummary>>('/process-definitions', { params: { limit, offset } });
  }

  getDefinition(id: string): Observable<ProcessDefinition> {
    return this.http.get<ProcessDefinition>(`/process-definitions/${encodeURIComponent(id)}`);
  }

  /** Deploys the diagram, and with it, as one atomic deployment, the Camunda forms its user tasks link to. */
  deploy(xml: string, forms: FormResource[] = [], name = 'diagram.bpmn'): Observable<DeployResult> {
    const body = forms.length ? { resources: [{ name, xml }, ...forms] } : { xml };
    return this.http.post<DeployResult>('/process-definitions', body);
  }

  /** The deployed Camunda forms, each with its versions: the studio reopens one to edit its next version. */
  listForms(): Observable<FormDefinitionSummary[]> {
    return this.http.get<{ items: FormDefinitionSummary[] }>('/form-definitions').pipe(map((r) => r.items));
  }

  /** One deployed form's JSON: its newest version, or `version`. */
  getForm(formId: string, version?: number): Observable<FormDefinition> {
    const params = version === undefined ? new HttpParams() : new HttpParams().set('version', version);
    return this.http.get<FormDefinition>(`/form-definitions/${encodeURIComponent(formId)}`, { params });
  }

  validate(xml: string): Observable<ValidationResult> {
    return this.http.post<ValidationResult>('/process-definitions/validate', { xml });
  }

  /** Changes from a deployed version to the diagram being edited. */
  diff(baseDefinitionId: string, xml: string): Observable<DefinitionDiff> {
    return this.http.post<DefinitionDiff>('/process-definitions/diff', { baseDefinitionId, xml });
  }

  activate(id: string): Observable<ProcessDefinitionSummary> {
    return this.http.post<ProcessDefinitionSummary>(`/process-definitions/${encodeURIComponent(id)}/activate`, {});
  }

  archive(id: string): Observable<ProcessDefinitionSummary> {
    return this.http.post<ProcessDefinitionSummary>(`/process-definitions/${encodeURIComponent(id)}/archive`, {});
  }

  statistics(id: string): Observable<{ elements: ElementStatistics[] }> {
    return this.http.get<{ elements: ElementStatistics[] }>(`/process-definitions/${encodeURIComponent(id)}/statistics`);
  }

  cancelInstance(id: string, reason: string): Observable<unknown> {
    return this.http.post(`/process-instances/${encodeURIComponent(id)}/cancel`, { reason });
  }

  retryIncident(id: string, key: number): Observable<unknown> {
    return this.http.post(`/process-instances/${encodeURIComponent(id)}/incidents/${key}/retry`, {});
  }

  /** Camunda 8.8's activation of elements of a running ad-hoc sub-process (its element instance `key`). */
  activateAdHocElements(
    id: string,
    key: number,
    elements: { elementId: string; variables?: Record<string, unknown> }[],
  ): Observable<unknown> {
    return this.http.post(`/v2/element-instances/ad-hoc-activities/${encodeURIComponent(`${id}.${key}`)}/activation`, { elements });
  }

  setVariables(id: string, variables: Record<string, unknown>, reason: string): Observable<unknown> {
    return this.http.put(`/process-instances/${encodeURIComponent(id)}/variables`, { variables, reason });
  }

  /** Dry run (`preview`) or the real move of a running instance to another version. */
  migrate(id: string, targetDefinitionId: string, preview: boolean): Observable<MigrationPlan> {
    return this.http.post<MigrationPlan>(`/process-instances/${encodeURIComponent(id)}/migrate${preview ? '/preview' : ''}`, {
      targetDefinitionId,
    });
  }

  listInstances(limit = 20, offset = 0, filter: InstanceFilter = {}): Observable<Page<ProcessInstanceSummary>> {
    let params = new HttpParams().set('limit', limit).set('offset', offset);
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') params = params.set(key, String(value));
    }
    return this.http
      .get<Page<ProcessInstanceSummary>>('/process-instances', { params })
      .pipe(map((page) => ({ total: page.total ?? 0, items: (page.items ?? []).map(withListDefaults) })));
  }

  /** @param timeZone the zone the waits' sentences say times in. */
  getInstance(id: string, timeZone?: string): Observable<ProcessInstanceDetail> {
    const params = timeZone ? { timeZone } : undefined;
    return this.http
      .get<ProcessInstanceDetail>(`/process-instances/${encodeURIComponent(id)}`, params ? { params } : {})
      .pipe(map(withListDefaults));
  }

  startInstance(request: StartInstanceRequest): Observable<StartedInstance> {
    return this.http.post<StartedInstance>('/process-instances', request);
  }

  startForm(definitionId: string): Observable<StartForm> {
    return this.http.get<StartForm>(`/process-definitions/${encodeURIComponent(definitionId)}/start-form`);
  }

  taskForm(taskId: string): Observable<TaskForm> {
    return this.http.get<TaskForm>(`/tasks/${encodeURIComponent(taskId)}/form`);
  }

  completeTask(taskId: string, variables: Record<string, unknown>): Observable<unknown> {
    return this.http.post(`/tasks/${encodeURIComponent(taskId)}/complete`, { variables });
  }

  /** Camunda 8's assignment: a username, or null to unassign; the task's assigning listeners run first. */
  assignTask(taskId: string, assignee: string | null): Observable<unknown> {
    return this.http.post(`/tasks/${encodeURIComponent(taskId)}/assignment`, { assignee });
  }

  /** Candidates, dates and priority; null (or an empty list) clears a field. */
  updateTask(taskId: string, changes: UserTaskChanges): Observable<unknown> {
    return this.http.patch(`/tasks/${encodeURIComponent(taskId)}`, changes);
  }
}

/** Tolerates a server that leaves out empty lists. */
function withListDefaults<T extends ProcessInstanceSummary>(instance: T): T {
  return {
    ...instance,
    activeElementIds: instance.activeElementIds ?? [],
    openTasks: instance.openTasks ?? [],
    incidents: instance.incidents ?? [],
  };
}
