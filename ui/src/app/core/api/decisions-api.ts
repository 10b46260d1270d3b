import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's DecisionDefinitionSummary (service-catalog/decisions/schemas.ts). */
export interface DecisionDefinitionSummary {
  id: string;
  decisionId: string;
  name: string | null;
  version: number;
  /** The decision's `zeebe:versionTag`, which business rule tasks with `bindingType="versionTag"` name. */
  versionTag?: string | null;
  deployedAt: string;
}

/** Mirrors DecisionDefinitionXml: one version with its DMN file. */
export interface DecisionDefinitionXml extends DecisionDefinitionSummary {
  xml: string;
}

/** Mirrors DeployDecisionsResponse. */
export interface DeployDecisionsResponse {
  decisions: DecisionDefinitionSummary[];
  created: boolean;
}

/** Deployed DMN decisions: what the studio's DMN editor lists, opens and deploys. */
@Injectable({ providedIn: 'root' })
export class DecisionsApi {
  private readonly http = inject(HttpClient);

  list(decisionId?: string): Observable<{ items: DecisionDefinitionSummary[]; total: number }> {
    return this.http.get<{ items: DecisionDefinitionSummary[]; total: number }>('/decision-definitions', {
      params: { limit: 100, ...(decisionId ? { decisionId } : {}) },
    });
  }

  xml(decisionId: string, version?: number): Observable<DecisionDefinitionXml> {
    return this.http.get<DecisionDefinitionXml>(`/decision-definitions/${encodeURIComponent(decisionId)}/xml`, {
      params: version ? { version } : {},
    });
  }

  deploy(xml: string): Observable<DeployDecisionsResponse> {
    return this.http.post<DeployDecisionsResponse>('/decision-definitions', { xml });
  }
}
