import type { Plugin } from '@hapi/hapi';
import {
  createArticle,
  draftVersion,
  getArticle,
  listVersions,
  markSolved,
  reviewVersion,
  searchArticlesRoute,
  submitVersion,
  suggestArticles,
  updateArticleSettings,
} from './routes/article-routes';
import { listEditorArticles, previewArticle } from './routes/editor-routes';
import { addLink, createCategory, listCategories, listLinks, removeLink } from './routes/link-and-category-routes';

/** The knowledge base: articles customers help themselves with and agents answer from. */
export const knowledgePlugin: Plugin<void> = {
  name: 'flowdesk-knowledge',
  register(server) {
    server.route([
      searchArticlesRoute,
      suggestArticles,
      createArticle,
      getArticle,
      updateArticleSettings,
      markSolved,
      listVersions,
      draftVersion,
      submitVersion,
      reviewVersion,
      listLinks,
      addLink,
      removeLink,
      listCategories,
      createCategory,
      listEditorArticles,
      previewArticle,
    ]);
  },
};
