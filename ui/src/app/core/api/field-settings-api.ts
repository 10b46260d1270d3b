import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Page } from './api-types';
import { Part } from './field-api';

/** What POST /parts and PUT /parts/{id} take (the customer is fixed once the part exists). */
export interface PartInput {
  organizationId?: string | null;
  sku: string;
  name: string;
  unit: string;
  unitPrice: number | null;
  currency: string | null;
  active: boolean;
  version?: number;
}

/** A skill a job needs, at least at this level (1–5). */
export interface RequiredSkill {
  skill: string;
  level: number;
}

/** How a work type is dispatched and what its new work orders default to (GET /work-types). */
export interface WorkTypeSetting {
  workType: string;
  autoDispatch: boolean;
  /** The window's length when a new work order gives only its start; null: it must give the end. */
  defaultDurationMinutes: number | null;
  requiredSkills: RequiredSkill[];
  updatedAt: string;
}

/** What PUT /work-types/{workType} takes: a default left out keeps its value. */
export interface WorkTypeSettingInput {
  autoDispatch: boolean;
  defaultDurationMinutes?: number | null;
  requiredSkills?: RequiredSkill[];
}

export interface ChecklistTemplateItem {
  key: string;
  label: string;
  required: boolean;
}

/** The checklist a work type's new work orders copy (GET /checklist-templates). */
export interface ChecklistTemplate {
  workType: string;
  items: ChecklistTemplateItem[];
  updatedAt: string;
}

/** Typed client of the field-service settings a process owner keeps: parts, work types, checklists. */
@Injectable({ providedIn: 'root' })
export class FieldSettingsApi {
  private readonly http = inject(HttpClient);

  parts(filter: { q?: string; offset?: number; limit?: number }): Observable<Page<Part>> {
    let params = new HttpParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params = params.set(k, v);
    return this.http.get<Page<Part>>('/parts', { params });
  }

  createPart(input: PartInput): Observable<Part> {
    return this.http.post<Part>('/parts', input);
  }

  updatePart(id: string, input: PartInput): Observable<Part> {
    return this.http.put<Part>(`/parts/${encodeURIComponent(id)}`, input);
  }

  workTypes(): Observable<WorkTypeSetting[]> {
    return this.http.get<{ items: WorkTypeSetting[] }>('/work-types').pipe(map((l) => l.items ?? []));
  }

  setWorkType(workType: string, input: WorkTypeSettingInput): Observable<WorkTypeSetting> {
    return this.http.put<WorkTypeSetting>(`/work-types/${encodeURIComponent(workType)}`, input);
  }

  checklists(): Observable<ChecklistTemplate[]> {
    return this.http.get<{ items: ChecklistTemplate[] }>('/checklist-templates').pipe(map((l) => l.items ?? []));
  }

  setChecklist(workType: string, items: ChecklistTemplateItem[]): Observable<ChecklistTemplate> {
    return this.http.put<ChecklistTemplate>(`/checklist-templates/${encodeURIComponent(workType)}`, { items });
  }
}
