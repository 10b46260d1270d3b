import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** What collides with a change's planned window (GET /changes/{number}/conflicts, and on each approval of a change). */
export interface ChangeConflicts {
  overlapping: { number: string; title: string; state: string; plannedStartAt: string; plannedEndAt: string; services: string[] }[];
  blackouts: { id: string; name: string; startsAt: string; endsAt: string; services: string[] }[];
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
