/** Wire types of the knowledge base and survey routes (checked against the OpenAPI document by test/integration/ui-wire-types). */

export type ArticleLanguage = 'en' | 'lt';
export type ArticleAudience = 'internal' | 'public';
export type VersionState = 'draft' | 'in_review' | 'published' | 'rejected' | 'superseded';

/** One article: its published text (title, Markdown and sanitised HTML; null before the first publication). */
export interface Article {
  id: string;
  categoryId: string | null;
  categoryName: string | null;
  audience: string;
  language: string;
  title: string | null;
  body: string | null;
  html: string | null;
  publishedVersion: number | null;
  publishedAt: string | null;
  visibleOrganizationIds: string[];
  viewCount: number;
  deflectionCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A search hit or suggestion; the snippet marks the matched words «like this». */
export interface ArticleHit {
  id: string;
  title: string;
  language: string;
  audience: string;
  categoryId: string | null;
  rank: number;
  snippet: string;
}

export interface ArticleVersion {
  articleId: string;
  version: number;
  title: string;
  body: string;
  state: VersionState;
  authorId: string | null;
  authorName: string;
  reviewerName: string | null;
  reviewNote: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** A row of the knowledge editor's list: the newest version's title and state. */
export interface EditorArticle {
  id: string;
  title: string;
  audience: string;
  language: string;
  categoryId: string | null;
  categoryName: string | null;
  visibleOrganizationIds: string[];
  publishedVersion: number | null;
  latestVersion: number;
  latestState: string;
  viewCount: number;
  deflectionCount: number;
  updatedAt: string;
}

/** An article's link to an incident, a problem or a known error (by its problem's number). */
export interface ArticleLink {
  id: string;
  kind: string;
  ref: string;
  title: string;
  createdAt: string;
}

export interface KbCategory {
  id: string;
  name: string;
}

export interface KbOrganization {
  id: string;
  name: string;
}

/** What a survey link asks about. */
export interface SurveyQuestion {
  ticketNumber: string;
  title: string;
  expiresAt: string;
  /** The score already clicked for this survey, null before. */
  csat?: number | null;
  /** The score a one-click score link carries. */
  score?: number;
}

/** The optional questions that amend a clicked score. */
export interface SurveyAmendInput {
  nps?: number;
  ces?: number;
  comment?: string;
}

export interface SurveyAnswerInput {
  csat: number;
  nps?: number;
  ces?: number;
  comment?: string;
}

export interface SurveyAnswer {
  ticketNumber?: string;
  csat: number;
  nps?: number | null;
  ces?: number | null;
  comment?: string | null;
  answeredAt: string;
}

/** A survey the signed-in requester is asked and has not answered (`GET /surveys?mine&pending`). */
export interface PendingSurvey {
  ticketNumber: string;
  title: string;
  type: string;
  state: string;
  resolvedAt: string;
  /** The portal page that asks it, e.g. `/portal/tickets/REQ0000001#survey`. */
  answerUrl: string;
}
export interface PendingSurveyList {
  items: PendingSurvey[];
}
