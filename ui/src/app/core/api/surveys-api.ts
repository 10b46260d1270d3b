import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { PendingSurveyList, SurveyAmendInput, SurveyAnswer, SurveyAnswerInput, SurveyQuestion } from './knowledge-types';

const ticket = (number: string) => `/tickets/${encodeURIComponent(number)}/survey-answers`;

/** Satisfaction surveys: by the mailed link (no login), on the portal's ticket page, and the answers on a ticket. */
@Injectable({ providedIn: 'root' })
export class SurveysApi {
  private readonly http = inject(HttpClient);

  /** The signed-in requester's surveys still waiting for an answer. */
  pending(): Observable<PendingSurveyList> {
    return this.http.get<PendingSurveyList>('/surveys?mine&pending');
  }

  question(token: string): Observable<SurveyQuestion> {
    return this.http.get<SurveyQuestion>(`/surveys/${encodeURIComponent(token)}`);
  }

  answerLink(token: string, answer: SurveyAnswerInput): Observable<SurveyAnswer> {
    return this.http.post<SurveyAnswer>(`/surveys/${encodeURIComponent(token)}`, answer);
  }

  /** One click: stores the score the link carries. */
  scoreLink(token: string): Observable<SurveyAnswer> {
    return this.http.post<SurveyAnswer>(`/surveys/${encodeURIComponent(token)}/score`, {});
  }

  /** The optional questions after the click: amend the stored score and complete the answer. */
  amendLink(token: string, amend: SurveyAmendInput): Observable<SurveyAnswer> {
    return this.http.patch<SurveyAnswer>(`/surveys/${encodeURIComponent(token)}`, amend);
  }

  answerTicket(number: string, answer: SurveyAnswerInput): Observable<SurveyAnswer> {
    return this.http.post<SurveyAnswer>(ticket(number), answer);
  }

  forTicket(number: string): Observable<{ items: SurveyAnswer[] }> {
    return this.http.get<{ items: SurveyAnswer[] }>(ticket(number));
  }
}
