import Joi from 'joi';
import { pagination } from '../processes/schemas';
import { ARTICLE_LANGUAGES } from './domain/article-language';

export const articleId = Joi.string().guid();
const language = Joi.string().valid(...Object.keys(ARTICLE_LANGUAGES));
const audience = Joi.string().valid('internal', 'public');
const settings = {
  language,
  audience,
  categoryId: Joi.string().guid().allow(null),
  visibleOrganizationIds: Joi.array().items(Joi.string().guid()).max(500).unique(),
};
const text = { title: Joi.string().trim().min(1).max(200).required(), body: Joi.string().trim().min(1).max(100_000).required() };

export const newArticlePayload = Joi.object({ ...text, ...settings, language: language.required(), audience: audience.required() }).label(
  'NewArticle',
);
export const articleSettingsPayload = Joi.object(settings).min(1).label('ArticleSettings');
export const draftPayload = Joi.object(text).label('ArticleDraft');
export const reviewPayload = Joi.object({ approve: Joi.boolean().required(), note: Joi.string().trim().max(2000) }).label('ArticleReview');
export const linkPayload = Joi.object({
  kind: Joi.string().valid('incident', 'problem', 'known_error').required(),
  ref: Joi.string().trim().max(40).required().description('the ticket number; for a known error, its problem number'),
}).label('ArticleLinkInput');
export const newCategoryPayload = Joi.object({ name: Joi.string().trim().min(1).max(120).required() }).label('NewKbCategory');
export const byId = Joi.object({ id: articleId.required() });
export const byVersion = Joi.object({ id: articleId.required(), version: Joi.number().integer().min(1).required() });
export const byLink = Joi.object({ id: articleId.required(), linkId: Joi.string().guid().required() });
export const searchQuery = Joi.object({ q: Joi.string().trim().min(1).max(200).required(), ...pagination });
export const suggestQuery = Joi.object({
  text: Joi.string().trim().min(1).max(5000),
  ticket: Joi.string().trim().max(40).description('a ticket number: suggestions for its title and description'),
  limit: Joi.number().integer().min(1).max(20).default(5),
  asRequesterOf: Joi.string()
    .trim()
    .max(40)
    .description('a ticket number: only articles that ticket’s requester may see (the desk’s chat view)'),
}).xor('text', 'ticket');

const date = Joi.date().allow(null);
export const article = Joi.object({
  id: Joi.string().required(),
  categoryId: Joi.string().allow(null).required(),
  categoryName: Joi.string().allow(null).required(),
  audience: Joi.string().required(),
  language: Joi.string().required(),
  title: Joi.string().allow(null).required(),
  body: Joi.string().allow(null).required(),
  html: Joi.string().allow(null, '').required(),
  publishedVersion: Joi.number().allow(null).required(),
  publishedAt: date.required(),
  visibleOrganizationIds: Joi.array().items(Joi.string()).required(),
  viewCount: Joi.number().required(),
  deflectionCount: Joi.number().required(),
  createdAt: Joi.date().required(),
  updatedAt: Joi.date().required(),
}).label('Article');
export const version = Joi.object({
  articleId: Joi.string().required(),
  version: Joi.number().required(),
  title: Joi.string().required(),
  body: Joi.string().required(),
  state: Joi.string().valid('draft', 'in_review', 'published', 'rejected', 'superseded').required(),
  authorId: Joi.string().allow(null).required(),
  authorName: Joi.string().required(),
  reviewerName: Joi.string().allow(null).required(),
  reviewNote: Joi.string().allow(null).required(),
  createdAt: Joi.date().required(),
  decidedAt: date.required(),
}).label('ArticleVersion');
export const versionList = Joi.object({ items: Joi.array().items(version).required() }).label('ArticleVersionList');
export const hitList = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        id: Joi.string().required(),
        title: Joi.string().required(),
        language: Joi.string().required(),
        audience: Joi.string().required(),
        categoryId: Joi.string().allow(null).required(),
        rank: Joi.number().required(),
        snippet: Joi.string().allow('').required(),
      }).label('ArticleHit'),
    )
    .required(),
  total: Joi.number().required().description('how many match, counted up to 1000 (a broad query says "1000+")'),
}).label('ArticleHitList');
export const link = Joi.object({
  id: Joi.string().required(),
  kind: Joi.string().required(),
  ref: Joi.string().required(),
  title: Joi.string().required(),
  createdAt: Joi.date().required(),
}).label('ArticleLink');
export const linkList = Joi.object({ items: Joi.array().items(link).required() }).label('ArticleLinkList');
export const category = Joi.object({ id: Joi.string().required(), name: Joi.string().required() }).label('KbCategory');
export const categoryList = Joi.object({ items: Joi.array().items(category).required() }).label('KbCategoryList');

// The knowledge editor: every article the desk may see with its newest version, and a Markdown preview.
export const editorQuery = Joi.object({
  q: Joi.string().trim().max(200).allow('').description('words of the title (newest version or published)'),
  ...pagination,
});
export const editorList = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        id: Joi.string().required(),
        title: Joi.string().required(),
        audience: Joi.string().required(),
        language: Joi.string().required(),
        categoryId: Joi.string().allow(null).required(),
        categoryName: Joi.string().allow(null).required(),
        visibleOrganizationIds: Joi.array().items(Joi.string()).required(),
        publishedVersion: Joi.number().allow(null).required(),
        latestVersion: Joi.number().required(),
        latestState: Joi.string().required(),
        viewCount: Joi.number().required(),
        deflectionCount: Joi.number().required(),
        updatedAt: Joi.date().required(),
      }).label('EditorArticle'),
    )
    .required(),
  total: Joi.number().required(),
  organizations: Joi.array()
    .items(Joi.object({ id: Joi.string().required(), name: Joi.string().required() }).label('KbOrganization'))
    .required()
    .description('the customer organisations the caller may offer an article to'),
}).label('EditorArticleList');
export const previewPayload = Joi.object({ body: Joi.string().max(100_000).allow('').required() }).label('ArticlePreviewInput');
export const preview = Joi.object({ html: Joi.string().allow('').required() }).label('ArticlePreview');
