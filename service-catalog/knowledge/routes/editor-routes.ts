import type { ServerRoute } from '@hapi/hapi';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { languageOf } from '../domain/article-language';
import { renderMarkdown } from '../domain/render-markdown';
import { editorList, editorQuery, preview, previewPayload } from '../schemas';

const DESK = { access: { scope: [...STAFF_ROLES] } };
const tags = ['api', 'knowledge'];
type Row = Record<string, unknown>;

/**
 * The knowledge editor's list: every article the desk may see (row-level security), drafts and
 * articles in review too, each with its newest version — search finds published text only.
 */
export const listEditorArticles: ServerRoute = {
  method: 'GET',
  path: '/kb/editor/articles',
  options: {
    tags,
    description: 'Every article with its newest version’s title and state, newest change first (the knowledge editor)',
    notes: 'Also the customer organisations the caller may offer an article to.',
    auth: DESK,
    validate: { query: editorQuery },
    response: { schema: editorList },
  },
  async handler(request) {
    const { q, limit, offset } = request.query as { q?: string; limit: number; offset: number };
    const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = (await request.app.em.execute(
      `select a.id, coalesce(v.title, a.title) as title, a.audience, a.language::text as language, a.category_id as "categoryId", c.name as "categoryName",
              a.visible_organization_ids::text[] as "visibleOrganizationIds",
              a.published_version as "publishedVersion", v.version as "latestVersion", v.state as "latestState",
              coalesce(n.view_count, 0) as "viewCount", coalesce(n.deflection_count, 0) as "deflectionCount",
              a.updated_at as "updatedAt", count(*) over () as total
         from kb_article a
         join lateral (select version, title, state from kb_article_version where article_id = a.id order by version desc limit 1) v on true
         left join kb_category c on c.id = a.category_id
         left join kb_article_counter n on n.article_id = a.id
        where (?::text is null or v.title ilike ? or a.title ilike ?)
        order by a.updated_at desc, a.id
        limit ? offset ?`,
      [like, like, like, limit, offset],
    )) as Row[];
    const organizations = (await request.app.em.execute(
      'select id, name from organization where flowdesk_tenant_visible(id) order by name',
    )) as Row[];
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      items: rows.map(({ total: _total, ...r }) => ({
        ...r,
        language: languageOf(r.language as string),
        visibleOrganizationIds: (r.visibleOrganizationIds as string[] | null) ?? [],
        viewCount: Number(r.viewCount),
        deflectionCount: Number(r.deflectionCount),
      })),
      organizations,
    };
  },
};

/** The editor's live preview: the same rendering and sanitising a published version gets. */
export const previewArticle: ServerRoute = {
  method: 'POST',
  path: '/kb/preview',
  options: {
    tags,
    description: 'Markdown rendered to the sanitised HTML readers would get (no script, no event handler)',
    auth: DESK,
    validate: { payload: previewPayload },
    response: { schema: preview },
  },
  handler(request) {
    return { html: renderMarkdown((request.payload as { body: string }).body) };
  },
};
