import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** A problem's analysis: its known-error record once a root cause or workaround is known. */
export interface ProblemAnalysis {
  problemNumber: string;
  title: string;
  symptoms: string;
  rootCause: string | null;
  workaround: string | null;
  workaroundPublishedAt: string | null;
  analysedBy: string | null;
  service: string | null;
  category: string | null;
  updatedAt: string;
}

export interface ProblemView {
  number: string;
  title: string;
  state: string;
  analysis: ProblemAnalysis | null;
  incidents: Array<{ number: string; title: string; state: string; resolutionCode: string | null }>;
}

/** What opening a problem sends (POST /problems). */
export interface NewProblem {
  title: string;
  description: string;
  incidents: string[];
}

/** Problem management routes (`/problems`, `/known-errors`). */
@Injectable({ providedIn: 'root' })
export class ProblemsApi {
  private readonly http = inject(HttpClient);

  get(number: string): Observable<ProblemView> {
    return this.http.get<ProblemView>(`/problems/${encodeURIComponent(number)}`);
  }

  /** Opens a problem for `incidents` (each linked caused_by to it); it runs the problem process. */
  open(problem: NewProblem): Observable<ProblemView> {
    return this.http.post<ProblemView>('/problems', problem);
  }

  /** Links more incidents to an open problem; one already linked stays as it is. */
  linkIncidents(number: string, incidents: string[]): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/problems/${encodeURIComponent(number)}/incidents`, { incidents });
  }

  /** Links the change that removes the root cause: when it closes successful, the problem is resolved. */
  linkChange(number: string, change: string): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/problems/${encodeURIComponent(number)}/changes`, { change });
  }

  publishWorkaround(number: string, workaround: string): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/problems/${encodeURIComponent(number)}/workaround`, { workaround });
  }

  analyse(number: string, rootCause: string): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/problems/${encodeURIComponent(number)}/analysis`, { rootCause });
  }
}
