import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import {
  DefinitionDiff,
  DeployResult,
  ElementStatistics,
  InstanceFilter,
  MigrationPlan,
  ValidationResult,
  Page,
  ProcessDefinition,
  ProcessDefinitionSummary,
  ProcessInstanceDetail,
  ProcessInstanceSummary,
  StartInstanceRequest,
  StartedInstance,
  TaskForm,
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

  deploy(xml: string): Observable<DeployResult> {
    return this.http.post<DeployResult>('/process-definitions', { xml });
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

  getInstance(id: string): Observable<ProcessInstanceDetail> {
    return this.http.get<ProcessInstanceDetail>(`/process-instances/${encodeURIComponent(id)}`).pipe(map(withListDefaults));
  }

  startInstance(request: StartInstanceRequest): Observable<StartedInstance> {
    return this.http.post<StartedInstance>('/process-instances', request);
  }

  taskForm(taskId: string): Observable<TaskForm> {
    return this.http.get<TaskForm>(`/tasks/${encodeURIComponent(taskId)}/form`);
  }

  completeTask(taskId: string, variables: Record<string, unknown>): Observable<unknown> {
    return this.http.post(`/tasks/${encodeURIComponent(taskId)}/complete`, { variables });
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
