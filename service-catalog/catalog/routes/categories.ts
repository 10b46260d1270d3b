import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { CATALOG_CURATORS, CatalogService, type CategoryInput } from '../domain/catalog-service';
import { presentCategory } from '../presenters';
import { catalogId, category, categoryList, createCategoryPayload, updateCategoryPayload } from '../schemas';

const CURATORS = { access: { scope: [...CATALOG_CURATORS] } };
const byId = Joi.object({ id: catalogId.required() });

export const listCategories: ServerRoute = {
  method: 'GET',
  path: '/catalog/categories',
  options: {
    tags: ['api', 'catalog'],
    description: "The catalog's categories, by position",
    response: { schema: categoryList },
  },
  async handler(request) {
    return { items: (await new CatalogService(request.app.em).listCategories()).map(presentCategory) };
  },
};

export const createCategory: ServerRoute = {
  method: 'POST',
  path: '/catalog/categories',
  options: {
    tags: ['api', 'catalog'],
    description: 'A catalog category (422 when the name is taken)',
    auth: CURATORS,
    validate: { payload: createCategoryPayload },
    response: { status: { 201: category } },
  },
  async handler(request, h) {
    const created = await new CatalogService(request.app.em).createCategory(principalOf(request), request.payload as CategoryInput);
    return h.response(presentCategory(created)).code(201);
  },
};

export const updateCategory: ServerRoute = {
  method: 'PATCH',
  path: '/catalog/categories/{id}',
  options: {
    tags: ['api', 'catalog'],
    description: 'Rename, describe or move a catalog category',
    auth: CURATORS,
    validate: { params: byId, payload: updateCategoryPayload },
    response: { schema: category },
  },
  async handler(request) {
    const updated = await new CatalogService(request.app.em).updateCategory(
      principalOf(request),
      request.params.id as string,
      request.payload as Partial<CategoryInput>,
    );
    return presentCategory(updated);
  },
};

export const deleteCategory: ServerRoute = {
  method: 'DELETE',
  path: '/catalog/categories/{id}',
  options: {
    tags: ['api', 'catalog'],
    description: 'Delete an empty catalog category (422 CATEGORY_NOT_EMPTY otherwise)',
    auth: CURATORS,
    validate: { params: byId },
  },
  async handler(request, h) {
    await new CatalogService(request.app.em).deleteCategory(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};
