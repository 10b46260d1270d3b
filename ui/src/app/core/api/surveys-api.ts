import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { SurveyAnswer, SurveyAnswerInput, SurveyQuestion } from './knowledge-types';

const ticket = (number: string) => `/tickets/${encodeURIComponent(number)}/survey-answers`;

/** Satisfaction surveys: by the mailed link (no login), on the portal's ticket page, and the answers on a ticket. */
@Injectable({ providedIn: 'root' })
export class SurveysApi {
  private readonly http = inject(HttpClient);

  question(token: string): Observable<SurveyQuestion> {
    return this.http.get<SurveyQuestion>(`/surveys/${encodeURIComponent(token)}`);
  }

  answerLink(token: string, answer: SurveyAnswerInput): Observable<SurveyAnswer> {
    return this.http.post<SurveyAnswer>(`/surveys/${encodeURIComponent(token)}`, answer);
  }

  answerTicket(number: string, answer: SurveyAnswerInput): Observable<SurveyAnswer> {
    return this.http.post<SurveyAnswer>(ticket(number), answer);
  }

  forTicket(number: string): Observable<{ items: SurveyAnswer[] }> {
    return this.http.get<{ items: SurveyAnswer[] }>(ticket(number));
  }
}
