import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export interface ElementMapping {
  from: string;
  to: string;
}

/** Mirrors the API's BatchMigrationPreview (service-catalog/processes/batch-migration-schemas.ts). */
export interface BatchMigrationPreview {
  source: { definitionId: string; version: number };
  target: { definitionId: string; version: number };
  total: number;
  movable: number;
  elements: Array<{ elementId: string; action: 'keep' | 'map' | 'refuse'; targetElementId?: string; instances: number }>;
  refused: Array<{ instanceId: string; businessKey: string | null; problems: Array<{ elementId?: string; message: string }> }>;
}

/** Mirrors the API's MigrationBatch. */
export interface MigrationBatch {
  id: string;
  processId: string;
  sourceDefinitionId: string;
  targetDefinitionId: string;
  mappings: ElementMapping[];
  state: 'running' | 'finished';
  total: number;
  counts: { pending: number; migrated: number; failed: number };
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface MigrationBatchItem {
  instanceId: string;
  state: 'pending' | 'migrated' | 'failed';
  message: string | null;
  problems: Array<{ elementId?: string; message: string }> | null;
  finishedAt: string | null;
}

/** Moving every running instance of one version to another (/process-definitions/{id}/migrations…). */
@Injectable({ providedIn: 'root' })
export class BatchMigrationsApi {
  private readonly http = inject(HttpClient);

  preview(sourceId: string, targetDefinitionId: string, mappings: ElementMapping[]): Observable<BatchMigrationPreview> {
    return this.http.post<BatchMigrationPreview>(`/process-definitions/${sourceId}/migrations/preview`, { targetDefinitionId, mappings });
  }
  start(sourceId: string, targetDefinitionId: string, mappings: ElementMapping[]): Observable<MigrationBatch> {
    return this.http.post<MigrationBatch>(`/process-definitions/${sourceId}/migrations`, { targetDefinitionId, mappings });
  }
  get(batchId: string): Observable<MigrationBatch> {
    return this.http.get<MigrationBatch>(`/process-migrations/${batchId}`);
  }
  failedItems(batchId: string): Observable<{ items: MigrationBatchItem[]; total: number }> {
    return this.http.get<{ items: MigrationBatchItem[]; total: number }>(`/process-migrations/${batchId}/items`, {
      params: { state: 'failed' },
    });
  }
}
