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

/** Problem management routes (`/problems`, `/known-errors`). */
@Injectable({ providedIn: 'root' })
export class ProblemsApi {
  private readonly http = inject(HttpClient);

  get(number: string): Observable<ProblemView> {
    return this.http.get<ProblemView>(`/problems/${encodeURIComponent(number)}`);
  }

  publishWorkaround(number: string, workaround: string): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/problems/${encodeURIComponent(number)}/workaround`, { workaround });
  }

  analyse(number: string, rootCause: string): Observable<ProblemView> {
    return this.http.post<ProblemView>(`/problems/${encodeURIComponent(number)}/analysis`, { rootCause });
  }
}
