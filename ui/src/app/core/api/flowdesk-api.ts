import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import {
  DeployResult,
  Page,
  ProcessDefinition,
  ProcessDefinitionSummary,
  ProcessInstanceDetail,
  ProcessInstanceSummary,
  StartInstanceRequest,
  StartedInstance,
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

  listInstances(limit = 20, offset = 0): Observable<Page<ProcessInstanceSummary>> {
    const params = new HttpParams().set('limit', limit).set('offset', offset);
    return this.http
      .get<Page<ProcessInstanceSummary>>('/process-instances', { params })
      .pipe(map((page) => ({ total: page.total ?? 0, items: (page.items ?? []).map(withListDefaults) })));
  }

  getInstance(id: string): Observable<ProcessInstanceDetail> {
    return this.http
      .get<ProcessInstanceDetail>(`/process-instances/${encodeURIComponent(id)}`)
      .pipe(map(withListDefaults));
  }

  startInstance(request: StartInstanceRequest): Observable<StartedInstance> {
    return this.http.post<StartedInstance>('/process-instances', request);
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
