import { randomUUID } from 'node:crypto';
import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { RuleViolation } from '../../errors';
import { ArticleLinks, type LinkKind } from '../domain/article-links';
import { ArticleService, REVIEWERS } from '../domain/article-service';
import { byId, byLink, category, categoryList, link, linkList, linkPayload, newCategoryPayload } from '../schemas';

const DESK = { access: { scope: [...STAFF_ROLES] } };
const tags = ['api', 'knowledge'];
/** The article must be one the caller may read before its links are touched. */
const linksOf = async (request: Request) => {
  await new ArticleService(request.app.em).get(principalOf(request), request.params.id as string, false);
  return new ArticleLinks(request.app.em);
};

export const listLinks: ServerRoute = {
  method: 'GET',
  path: '/kb/articles/{id}/links',
  options: {
    tags,
    description: 'Incidents, problems and known errors the article answers',
    auth: DESK,
    validate: { params: byId },
    response: { schema: linkList },
  },
  async handler(request) {
    return { items: await (await linksOf(request)).list(request.params.id as string) };
  },
};

export const addLink: ServerRoute = {
  method: 'POST',
  path: '/kb/articles/{id}/links',
  options: {
    tags,
    description: 'Link the article to an incident, a problem (by number) or a known error (by its problem’s number)',
    auth: DESK,
    validate: { params: byId, payload: linkPayload },
    response: { status: { 201: link } },
  },
  async handler(request, h) {
    const { kind, ref } = request.payload as { kind: LinkKind; ref: string };
    return h.response(await (await linksOf(request)).add(request.params.id as string, kind, ref)).code(201);
  },
};

export const removeLink: ServerRoute = {
  method: 'DELETE',
  path: '/kb/articles/{id}/links/{linkId}',
  options: { tags, description: 'Remove a link', auth: DESK, validate: { params: byLink } },
  async handler(request, h) {
    await (await linksOf(request)).remove(request.params.id as string, request.params.linkId as string);
    return h.response().code(204);
  },
};

export const listCategories: ServerRoute = {
  method: 'GET',
  path: '/kb/categories',
  options: { tags, description: 'Knowledge base categories, by name', response: { schema: categoryList } },
  async handler(request) {
    return { items: await request.app.em.execute('select id, name from kb_category order by name') };
  },
};

export const createCategory: ServerRoute = {
  method: 'POST',
  path: '/kb/categories',
  options: {
    tags,
    description: 'A new knowledge base category (names are unique)',
    auth: { access: { scope: [...REVIEWERS] } },
    validate: { payload: newCategoryPayload },
    response: { status: { 201: category } },
  },
  async handler(request, h) {
    const { name } = request.payload as { name: string };
    const rows = (await request.app.em.execute(
      'insert into kb_category (id, name, created_at) values (?, ?, now()) on conflict (name) do nothing returning id, name',
      [randomUUID(), name],
    )) as Array<{ id: string; name: string }>;
    if (!rows.length)
      throw new RuleViolation('KB_CATEGORY_EXISTS', `a category named "${name}" exists`, [{ field: 'payload.name', message: 'taken' }]);
    return h.response(rows[0]).code(201);
  },
};
