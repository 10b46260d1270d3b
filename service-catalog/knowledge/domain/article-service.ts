import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, NotPermitted, RuleViolation, WrongState } from '../../errors';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { regconfigOf, type ArticleLanguage } from './article-language';
import { searchArticles } from './article-search';
import { ArticleDecisions, VERSION_SELECT } from './article-decisions';
import { ArticleReviewFlow } from './article-review-flow';

export type Audience = 'internal' | 'public';
export interface NewArticle {
  title: string;
  body: string;
  language: ArticleLanguage;
  audience: Audience;
  categoryId?: string | null;
  visibleOrganizationIds?: string[];
}
export type ArticleSettings = Partial<Pick<NewArticle, 'language' | 'audience' | 'categoryId' | 'visibleOrganizationIds'>>;
type Row = Record<string, unknown>;

/** Who decides a version in review (ITIL knowledge management: the knowledge manager, here the process owner). */
export const REVIEWERS = ['process-owner', 'admin'] as const;
const isStaff = (p: Principal) => hasRole(p, ...STAFF_ROLES);

/**
 * The knowledge base's aggregate: an article, its versions and its published text. Writing happens
 * in versions — draft → in review → published (the previous one superseded) or rejected — so what
 * customers read changed only by a reviewer's decision. Reads go through row-level security.
 */
export class ArticleService {
  private readonly flow?: ArticleReviewFlow;

  /** `engine`: where submitted versions' review processes run (absent: reviews decide directly). */
  constructor(
    private readonly em: EntityManager,
    engine?: EngineClient,
  ) {
    if (engine) this.flow = new ArticleReviewFlow(em, engine);
  }

  /** Each write is one transaction: an article never exists without its first version. */
  private inTransaction<T>(work: (service: ArticleService) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => work(new ArticleService(tx as EntityManager)));
  }

  create(principal: Principal, input: NewArticle): Promise<Row> {
    return this.inTransaction((s) => s.createIn(principal, input));
  }

  private async createIn(principal: Principal, input: NewArticle): Promise<Row> {
    await this.checkCategory(input.categoryId ?? null);
    const id = randomUUID();
    const now = new Date();
    await this.em.execute(
      `insert into kb_article (id, category_id, audience, language, visible_organization_ids, created_at, updated_at)
       values (?, ?, ?, ?::regconfig, ?::uuid[], ?, ?)`,
      [
        id,
        input.categoryId ?? null,
        input.audience,
        regconfigOf(input.language),
        `{${(input.visibleOrganizationIds ?? []).join(',')}}`,
        now,
        now,
      ],
    );
    await this.em.execute('insert into kb_article_counter (article_id) values (?)', [id]);
    await this.insertVersion(principal, id, 1, input.title, input.body);
    this.audit(principal, 'kbArticle.created', id, { title: input.title, audience: input.audience, language: input.language });
    await this.em.flush();
    return this.get(principal, id, false);
  }

  /** A new draft from the latest version's text; at most one version is open (draft or in review). */
  async draft(principal: Principal, id: string, input: { title: string; body: string }): Promise<Row> {
    await this.get(principal, id, false);
    const [open] = (await this.em.execute(
      `select version, state from kb_article_version where article_id = ? and state in ('draft', 'in_review')`,
      [id],
    )) as Row[];
    if (open?.state === 'in_review')
      throw new WrongState('KB_VERSION_IN_REVIEW', `version ${open.version as number} of article ${id} is in review; decide it first`);
    if (open) {
      await this.em.execute(
        `update kb_article_version set title = ?, body_md = ?, author_id = ?, author_name = ? where article_id = ? and version = ?`,
        [input.title, input.body, userIdOf(principal), principal.displayName, id, open.version],
      );
      return this.version(id, open.version as number);
    }
    const [{ next }] = (await this.em.execute('select coalesce(max(version), 0) + 1 as next from kb_article_version where article_id = ?', [
      id,
    ])) as Row[];
    await this.insertVersion(principal, id, Number(next), input.title, input.body);
    return this.version(id, Number(next));
  }

  /**
   * Sends a draft to review. With a knowledge-review process deployed, the version's review instance
   * starts (once: submitting a version already in review starts nothing new, and answers as before).
   */
  async submit(principal: Principal, id: string, version: number): Promise<Row> {
    await this.get(principal, id, false);
    const definition = this.flow ? await this.flow.definition() : null;
    const current = await this.version(id, version);
    if (!definition || current.state !== 'in_review') {
      await this.move(id, version, 'draft', 'in_review', {});
      this.audit(principal, 'kbArticle.submitted', id, { version });
      await this.em.flush();
    }
    if (definition) await this.flow!.ensureStarted(principal, definition, await this.version(id, version));
    return this.version(id, version);
  }

  /**
   * A reviewer's decision; approving publishes the version and supersedes the one before. With a
   * review instance, the decision completes its review task and the diagram writes the outcome.
   */
  async review(principal: Principal, id: string, version: number, decision: { approve: boolean; note?: string }): Promise<Row> {
    await this.get(principal, id, false);
    const current = await this.version(id, version);
    if (current.authorId === principal.userId && !hasRole(principal, 'admin'))
      throw new NotPermitted('KB_OWN_VERSION', `version ${version} of article ${id} is yours; another reviewer decides it`);
    const decided = { approve: decision.approve, note: decision.note ?? null, reviewerName: principal.displayName };
    const instance = this.flow ? await this.flow.instance(id, version) : null;
    if (!instance) {
      return this.inTransaction(async (s) => {
        const row = await new ArticleDecisions(s.em).decide(actorOf(principal), id, version, decided);
        await s.em.flush();
        return row;
      });
    }
    if (current.state !== 'in_review')
      throw new WrongState('KB_VERSION_STATE', `version ${version} of article ${id} is ${current.state as string}, not in review`);
    await this.flow!.decide(instance, decided);
    this.audit(principal, 'kbArticle.reviewed', id, { version, approve: decision.approve, note: decided.note });
    await this.em.flush();
    return this.flow!.outcome(instance, id, version);
  }

  async updateSettings(principal: Principal, id: string, changes: ArticleSettings): Promise<Row> {
    const before = await this.get(principal, id, false);
    if (changes.categoryId !== undefined) await this.checkCategory(changes.categoryId);
    await this.em.execute(
      `update kb_article set audience = coalesce(?, audience), language = coalesce(?::regconfig, language),
              category_id = case when ? then ?::uuid else category_id end,
              visible_organization_ids = coalesce(?::uuid[], visible_organization_ids), updated_at = now()
        where id = ?`,
      [
        changes.audience ?? null,
        changes.language ? regconfigOf(changes.language) : null,
        changes.categoryId !== undefined,
        changes.categoryId ?? null,
        changes.visibleOrganizationIds ? `{${changes.visibleOrganizationIds.join(',')}}` : null,
        id,
      ],
    );
    this.audit(principal, 'kbArticle.settingsChanged', id, changes, before);
    await this.em.flush();
    return this.get(principal, id, false);
  }

  /**
   * One article as the principal may see it: customers only its published text (404 before), the desk
   * also drafts through {@link versions}. `countView` counts a reader's view (an event for the KPIs).
   */
  async get(principal: Principal, id: string, countView: boolean): Promise<Row> {
    const [row] = (await this.em.execute(
      `select a.id, a.category_id as "categoryId", c.name as "categoryName", a.audience, a.language::text as language, a.title,
              a.body_md as body, a.body_html as html, a.published_version as "publishedVersion", a.published_at as "publishedAt",
              a.visible_organization_ids::text[] as "visibleOrganizationIds", a.created_at as "createdAt", a.updated_at as "updatedAt",
              coalesce(n.view_count, 0) as "viewCount", coalesce(n.deflection_count, 0) as "deflectionCount"
         from kb_article a left join kb_category c on c.id = a.category_id left join kb_article_counter n on n.article_id = a.id
        where a.id = ?`,
      [id],
    )) as Row[];
    if (!row || (!isStaff(principal) && (row.audience !== 'public' || row.publishedVersion == null)))
      throw new NotFound('KB_ARTICLE_NOT_FOUND', `there is no article ${id} you may read`);
    if (countView) {
      await this.count(id, 'view_count');
      await this.event(principal, 'view', id, null);
      row.viewCount = Number(row.viewCount) + 1;
    }
    return row;
  }

  versions(id: string): Promise<Row[]> {
    return this.em.execute(`${VERSION_SELECT} where article_id = ? order by version desc`, [id]) as Promise<Row[]>;
  }

  async search(principal: Principal, q: string, limit: number, offset: number) {
    const found = await searchArticles(this.em, q, { match: 'all', publicOnly: !isStaff(principal), limit, offset });
    await this.event(principal, 'search', null, q);
    return found;
  }

  /** Articles that may answer a ticket being written (any word may hit; the best ranked first). */
  suggest(principal: Principal, text: string, limit: number) {
    return searchArticles(this.em, text, { match: 'any', publicOnly: !isStaff(principal), limit });
  }

  /** "This solved my problem": the would-be ticket is never filed, which counts as a deflection. */
  async solved(principal: Principal, id: string): Promise<Row> {
    await this.get(principal, id, false);
    await this.count(id, 'deflection_count');
    await this.event(principal, 'deflection', id, null);
    return this.get(principal, id, false);
  }

  private async version(id: string, version: number): Promise<Row> {
    const [row] = (await this.em.execute(`${VERSION_SELECT} where article_id = ? and version = ?`, [id, version])) as Row[];
    if (!row) throw new NotFound('KB_VERSION_NOT_FOUND', `article ${id} has no version ${version}`);
    return row;
  }

  private async move(id: string, version: number, from: string, to: string, extra: Record<string, unknown>): Promise<void> {
    const current = await this.version(id, version);
    if (current.state !== from)
      throw new WrongState(
        'KB_VERSION_STATE',
        `version ${version} of article ${id} is ${current.state as string}, not ${from.replace('_', ' ')}`,
      );
    const sets = Object.keys(extra)
      .map((k) => `, ${k} = ?`)
      .join('');
    await this.em.execute(`update kb_article_version set state = ?${sets} where article_id = ? and version = ?`, [
      to,
      ...Object.values(extra),
      id,
      version,
    ]);
  }

  private async insertVersion(principal: Principal, id: string, version: number, title: string, body: string): Promise<void> {
    await this.em.execute(
      `insert into kb_article_version (id, article_id, version, title, body_md, state, author_id, author_name, created_at)
       values (?, ?, ?, ?, ?, 'draft', ?, ?, now())`,
      [randomUUID(), id, version, title, body, userIdOf(principal), principal.displayName],
    );
  }

  private async count(id: string, column: 'view_count' | 'deflection_count'): Promise<void> {
    await this.em.execute(`update kb_article_counter set ${column} = ${column} + 1 where article_id = ?`, [id]);
  }

  /** Customers' events are their organisation's; the desk's own are internal (organisation null). */
  private async event(principal: Principal, kind: 'view' | 'search' | 'deflection', articleId: string | null, query: string | null) {
    await this.em.execute(
      `insert into kb_event (id, kind, article_id, query, user_id, organization_id, at) values (?, ?, ?, ?, ?, ?, now())`,
      [randomUUID(), kind, articleId, query, userIdOf(principal), isStaff(principal) ? null : principal.organizationId],
    );
  }

  private async checkCategory(categoryId: string | null): Promise<void> {
    if (!categoryId) return;
    const rows = (await this.em.execute('select 1 from kb_category where id = ?', [categoryId])) as Row[];
    if (!rows.length)
      throw new RuleViolation('UNKNOWN_KB_CATEGORY', `there is no category ${categoryId}`, [
        { field: 'payload.categoryId', message: 'no such category' },
      ]);
  }

  private audit(principal: Principal, action: string, id: string, after: object, before?: object) {
    recordAudit(this.em, actorOf(principal), { action, entity: 'KbArticle', entityId: id, after, ...(before ? { before } : {}) });
  }
}
