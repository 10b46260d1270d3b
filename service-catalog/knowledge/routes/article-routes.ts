import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { STAFF_ROLES } from '../../identity/domain/roles';
import type { EntityManager } from '@mikro-orm/postgresql';
import { setTenantScope, TenantScope } from '../../db/tenant';
import { TicketNotFound } from '../../errors';
import { searchArticles } from '../domain/article-search';
import { ArticleService, REVIEWERS, type ArticleSettings, type NewArticle } from '../domain/article-service';
import { presentArticle, presentHit } from '../presenters';
import {
  article,
  articleSettingsPayload,
  byId,
  byVersion,
  draftPayload,
  hitList,
  newArticlePayload,
  reviewPayload,
  searchQuery,
  suggestQuery,
  version,
  versionList,
} from '../schemas';

const DESK = { access: { scope: [...STAFF_ROLES] } };
const tags = ['api', 'knowledge'];
const articles = (request: Request) => new ArticleService(request.app.em, request.server.app.engine);
const id = (request: Request) => request.params.id as string;

export const searchArticlesRoute: ServerRoute = {
  method: 'GET',
  path: '/kb/articles',
  options: {
    tags,
    description:
      'Published articles matching `q` (every word, "phrases", -excluded), best ranked first, stemmed in each article’s language',
    notes: 'Customers find public articles offered to their organisation; the desk also internal ones.',
    validate: { query: searchQuery },
    response: { schema: hitList },
  },
  async handler(request) {
    const { q, limit, offset } = request.query as { q: string; limit: number; offset: number };
    const found = await articles(request).search(principalOf(request), q, limit, offset);
    return { items: found.items.map(presentHit), total: found.total };
  },
};

export const suggestArticles: ServerRoute = {
  method: 'GET',
  path: '/kb/suggestions',
  options: {
    tags,
    description: 'Articles that may answer a ticket: `text` of a draft being typed, or `ticket` (its title and description)',
    notes:
      'With `asRequesterOf=<ticket number>` only articles that ticket’s requester may see (public, her organisation’s), as the desk’s chat view offers them; 404 for a ticket out of your scope.',
    validate: { query: suggestQuery },
    response: { schema: hitList },
  },
  async handler(request) {
    const { text, ticket, limit, asRequesterOf } = request.query as {
      text?: string;
      ticket?: string;
      limit: number;
      asRequesterOf?: string;
    };
    let words = text;
    if (ticket) {
      const [row] = (await request.app.em.execute('select title, description from ticket where number = ?', [ticket])) as Array<{
        title: string;
        description: string;
      }>;
      if (!row) throw new TicketNotFound(`ticket ${ticket} does not exist`);
      words = `${row.title} ${row.description}`;
    }
    if (asRequesterOf) {
      // What the ticket's requester would be offered: public articles, within her organisation's scope.
      const [row] = (await request.app.em.execute('select organization_id from ticket where number = ?', [asRequesterOf])) as Array<{
        organization_id: string | null;
      }>;
      if (!row) throw new TicketNotFound(`ticket ${asRequesterOf} does not exist`);
      let em = request.app.em;
      if (row.organization_id) {
        em = request.app.em.fork() as EntityManager;
        setTenantScope(em, TenantScope.of([row.organization_id], false));
      }
      const found = await searchArticles(em, words!, { match: 'any', publicOnly: true, limit });
      return { items: found.items.map(presentHit), total: found.total };
    }
    const found = await articles(request).suggest(principalOf(request), words!, limit);
    return { items: found.items.map(presentHit), total: found.total };
  },
};

export const createArticle: ServerRoute = {
  method: 'POST',
  path: '/kb/articles',
  options: {
    tags,
    description: 'A new article: its first version is a draft, published once a reviewer approves it',
    auth: DESK,
    validate: { payload: newArticlePayload },
    response: { status: { 201: article } },
  },
  async handler(request, h) {
    return h.response(presentArticle(await articles(request).create(principalOf(request), request.payload as NewArticle))).code(201);
  },
};

export const getArticle: ServerRoute = {
  method: 'GET',
  path: '/kb/articles/{id}',
  options: {
    tags,
    description: 'One article with its rendered, sanitised HTML; reading it counts a view',
    validate: { params: byId },
    response: { schema: article },
  },
  async handler(request) {
    return presentArticle(await articles(request).get(principalOf(request), id(request), true));
  },
};

export const updateArticleSettings: ServerRoute = {
  method: 'PATCH',
  path: '/kb/articles/{id}',
  options: {
    tags,
    description: 'Audience, language, category and the customers who may read it (empty: every customer)',
    auth: { access: { scope: [...REVIEWERS] } },
    validate: { params: byId, payload: articleSettingsPayload },
    response: { schema: article },
  },
  async handler(request) {
    return presentArticle(await articles(request).updateSettings(principalOf(request), id(request), request.payload as ArticleSettings));
  },
};

export const markSolved: ServerRoute = {
  method: 'POST',
  path: '/kb/articles/{id}/solved',
  options: {
    tags,
    description: '"This solved my problem": the ticket being written is not filed; counts a deflection',
    validate: { params: byId },
    response: { schema: article },
  },
  async handler(request) {
    return presentArticle(await articles(request).solved(principalOf(request), id(request)));
  },
};

export const listVersions: ServerRoute = {
  method: 'GET',
  path: '/kb/articles/{id}/versions',
  options: {
    tags,
    description: 'The article’s versions, newest first',
    auth: DESK,
    validate: { params: byId },
    response: { schema: versionList },
  },
  async handler(request) {
    await articles(request).get(principalOf(request), id(request), false);
    return { items: await articles(request).versions(id(request)) };
  },
};

export const draftVersion: ServerRoute = {
  method: 'POST',
  path: '/kb/articles/{id}/versions',
  options: {
    tags,
    description: 'Write the open draft (a new version if none is open); 409 while a version is in review',
    auth: DESK,
    validate: { params: byId, payload: draftPayload },
    response: { schema: version },
  },
  async handler(request) {
    return articles(request).draft(principalOf(request), id(request), request.payload as { title: string; body: string });
  },
};

export const submitVersion: ServerRoute = {
  method: 'POST',
  path: '/kb/articles/{id}/versions/{version}/submit',
  options: {
    tags,
    description: 'Send a draft to review',
    notes:
      'With the knowledge-review process deployed, starts its instance for this version (once: repeating the call for a version in review starts nothing new and answers 200).',
    auth: DESK,
    validate: { params: byVersion },
    response: { schema: version },
  },
  async handler(request) {
    return articles(request).submit(principalOf(request), id(request), request.params.version as number);
  },
};

export const reviewVersion: ServerRoute = {
  method: 'POST',
  path: '/kb/articles/{id}/versions/{version}/review',
  options: {
    tags,
    description: 'Approve (publish) or reject a version in review; not your own',
    notes:
      'With a knowledge-review instance for the version, completes its open review task and answers once the diagram has published or returned the version (or opened another review task). 403 KB_OWN_VERSION for your own version (admins excepted), 409 KB_VERSION_STATE when it is not in review.',
    auth: { access: { scope: [...REVIEWERS] } },
    validate: { params: byVersion, payload: reviewPayload },
    response: { schema: version },
  },
  async handler(request) {
    return articles(request).review(
      principalOf(request),
      id(request),
      request.params.version as number,
      request.payload as { approve: boolean; note?: string },
    );
  },
};
