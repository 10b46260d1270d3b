import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotFound, WrongState } from '../../errors';
import { renderMarkdown } from './render-markdown';

type Row = Record<string, unknown>;

/** The BPMN process a submitted version runs (workflows/processes/knowledge-review.bpmn). */
export const KNOWLEDGE_REVIEW_PROCESS_ID = 'knowledge-review';

/** A reviewer's decision on a version in review. */
export interface ReviewDecision {
  approve: boolean;
  note?: string | null;
  reviewerName: string;
}

const NAMESPACE = Buffer.from('5f0d3c2e8a4b4f4e9c1d7b6a2e3f4a51', 'hex');

/**
 * The process instance id of one version's review: derived from the article and version by SHA-1 as
 * a name-based UUID is, but marked as version 4 (the process API accepts only v4 instance ids),
 * so a retried submit finds the instance it started instead of starting another, and a service task
 * can check it acts for the version its instance was started for.
 */
export function reviewInstanceId(articleId: string, version: number): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`kb-review:${articleId.toLowerCase()}:${version}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x40;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * What a decision writes: approving publishes the version (the one published before is superseded,
 * the article's text and HTML become the version's); rejecting returns it with the reviewer's note.
 * Run by the knowledge-review process's service tasks (kb-publish, kb-return), or directly when no
 * knowledge-review process is deployed. The caller runs it in a transaction and flushes.
 */
export class ArticleDecisions {
  constructor(private readonly em: EntityManager) {}

  async decide(actor: Actor, id: string, version: number, decision: ReviewDecision): Promise<Row> {
    const current = await this.version(id, version);
    if (current.state !== 'in_review')
      throw new WrongState('KB_VERSION_STATE', `version ${version} of article ${id} is ${current.state as string}, not in review`);
    const decidedAt = new Date();
    if (decision.approve) {
      await this.em.execute(`update kb_article_version set state = 'superseded' where article_id = ? and state = 'published'`, [id]);
      await this.em.execute(
        `update kb_article set title = ?, body_md = ?, body_html = ?, published_version = ?, published_at = ?, updated_at = ? where id = ?`,
        [current.title, current.body, renderMarkdown(current.body as string), version, decidedAt, decidedAt, id],
      );
    }
    await this.em.execute(
      `update kb_article_version set state = ?, reviewer_name = ?, review_note = ?, decided_at = ? where article_id = ? and version = ?`,
      [decision.approve ? 'published' : 'rejected', decision.reviewerName, decision.note ?? null, decidedAt, id, version],
    );
    recordAudit(this.em, actor, {
      action: decision.approve ? 'kbArticle.published' : 'kbArticle.rejected',
      entity: 'KbArticle',
      entityId: id,
      after: { version, note: decision.note ?? null, reviewer: decision.reviewerName },
    });
    return this.version(id, version);
  }

  async version(id: string, version: number): Promise<Row> {
    const [row] = (await this.em.execute(`${VERSION_SELECT} where article_id = ? and version = ?`, [id, version])) as Row[];
    if (!row) throw new NotFound('KB_VERSION_NOT_FOUND', `article ${id} has no version ${version}`);
    return row;
  }
}

export const VERSION_SELECT = `select article_id as "articleId", version, title, body_md as body, state, author_id as "authorId", author_name as "authorName",
  reviewer_name as "reviewerName", review_note as "reviewNote", created_at as "createdAt", decided_at as "decidedAt" from kb_article_version`;
