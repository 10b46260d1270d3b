import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** What collides with a change's planned window (GET /changes/{number}/conflicts, and on each approval of a change). */
export interface ChangeConflicts {
  overlapping: { number: string; title: string; state: string; plannedStartAt: string; plannedEndAt: string; services: string[] }[];
  /** Other changes on the same CI, or on a CI related to one of this change's CIs in the CMDB, in an overlapping window. */
  byCi: CiConflict[];
  blackouts: { id: string; name: string; startsAt: string; endsAt: string; services: string[] }[];
}

/** A configuration item as a conflict names it. */
export interface CiRef {
  id: string;
  key: string;
  name: string;
}

/** Another change that collides with this one through the CMDB (schema CiConflict). */
export interface CiConflict {
  number: string;
  title: string;
  state: string;
  plannedStartAt: string;
  plannedEndAt: string;
  /** The other change's CI. */
  ci: CiRef;
  /** This change's CI it collides through. */
  via: CiRef;
  /** Where `ci` lies from `via`: the same CI, upstream (it depends on `via`) or downstream (`via` depends on it). */
  relation: 'same' | 'upstream' | 'downstream';
  /** Relations between the two CIs (0: the same CI). */
  depth: number;
}

/** Whether anything collides with a change: another change on a service or CI, or a blackout window. */
export function hasConflicts(c: ChangeConflicts | null | undefined): boolean {
  return !!c && c.overlapping.length + c.byCi.length + c.blackouts.length > 0;
}

/** How a CI conflict reads: "Conflicts with CHG… “title” on CI disk (app depends on it, depth 2)". */
export function describeCiConflict(c: CiConflict): string {
  const ci = c.ci.name === c.ci.key ? c.ci.key : `${c.ci.name} (${c.ci.key})`;
  const how =
    c.relation === 'same'
      ? 'the same CI'
      : c.relation === 'downstream'
        ? `${c.via.name} depends on it, depth ${c.depth}`
        : `depends on ${c.via.name}, depth ${c.depth}`;
  return `Conflicts with ${c.number} “${c.title}” on CI ${ci} (${how})`;
}

/** One approval (GET /approvals): who decides it now, and what it approves. */
export interface Approval {
  id: string;
  taskId: string;
  purpose: string;
  taskName: string | null;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  approver: string | null;
  approverGroup: string | null;
  delegatedFrom: string | null;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  ticket: {
    number: string;
    title: string;
    type: string;
    state: string;
    changeType: string | null;
    risk: string | null;
    plannedStartAt: string | null;
    plannedEndAt: string | null;
  } | null;
  conflicts: ChangeConflicts | null;
}

/** The approver's side of approvals: the inbox, and deciding or handing one on. */
@Injectable({ providedIn: 'root' })
export class ApprovalsApi {
  private readonly http = inject(HttpClient);

  inbox(): Observable<{ items: Approval[]; total: number }> {
    return this.http.get<{ items: Approval[]; total: number }>('/approvals', { params: { mine: 'true', state: 'pending' } });
  }

  approve(id: string, comment?: string): Observable<Approval> {
    return this.http.post<Approval>(`/approvals/${encodeURIComponent(id)}/approve`, comment ? { comment } : {});
  }

  reject(id: string, comment: string): Observable<Approval> {
    return this.http.post<Approval>(`/approvals/${encodeURIComponent(id)}/reject`, { comment });
  }

  delegate(id: string, to: string, comment?: string): Observable<Approval> {
    return this.http.post<Approval>(`/approvals/${encodeURIComponent(id)}/delegate`, comment ? { to, comment } : { to });
  }
}
