import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { CATALOG_CURATORS, CatalogService, type ItemInput } from '../domain/catalog-service';
import { presentItem } from '../presenters';
import { catalogId, createItemPayload, item, itemList, listItemsQuery, updateItemPayload } from '../schemas';

const CURATORS = { access: { scope: [...CATALOG_CURATORS] } };
const byId = Joi.object({ id: catalogId.required() });

export const listItems: ServerRoute = {
  method: 'GET',
  path: '/catalog/items',
  options: {
    tags: ['api', 'catalog'],
    description:
      'Catalog items you may order, by name: those offered to your organisation (or every customer) and your role; process owners and admins see every item',
    validate: { query: listItemsQuery },
    response: { schema: itemList },
  },
  async handler(request) {
    const principal = principalOf(request);
    const [items, total] = await new CatalogService(request.app.em).listItems(
      principal,
      request.query as Parameters<CatalogService['listItems']>[1],
    );
    return { items: items.map((i) => presentItem(i, principal)), total };
  },
};

export const createItem: ServerRoute = {
  method: 'POST',
  path: '/catalog/items',
  options: {
    tags: ['api', 'catalog'],
    description:
      'A catalog item with its request form (a form-js schema: 400 names a component the server cannot check), price, approval policy, visibility and fulfilment process',
    auth: CURATORS,
    validate: { payload: createItemPayload },
    response: { status: { 201: item } },
  },
  async handler(request, h) {
    const principal = principalOf(request);
    const created = await new CatalogService(request.app.em).createItem(principal, request.payload as ItemInput);
    return h.response(presentItem(created, principal)).code(201);
  },
};

export const getItem: ServerRoute = {
  method: 'GET',
  path: '/catalog/items/{id}',
  options: {
    tags: ['api', 'catalog'],
    description: 'One catalog item with its form (404 when it is not offered to you)',
    validate: { params: byId },
    response: { schema: item },
  },
  async handler(request) {
    const principal = principalOf(request);
    return presentItem(await new CatalogService(request.app.em).getItem(principal, request.params.id as string), principal);
  },
};

export const updateItem: ServerRoute = {
  method: 'PATCH',
  path: '/catalog/items/{id}',
  options: {
    tags: ['api', 'catalog'],
    description: 'Change a catalog item; `active: false` withdraws it',
    auth: CURATORS,
    validate: { params: byId, payload: updateItemPayload },
    response: { schema: item },
  },
  async handler(request) {
    const principal = principalOf(request);
    const updated = await new CatalogService(request.app.em).updateItem(
      principal,
      request.params.id as string,
      request.payload as Partial<ItemInput>,
    );
    return presentItem(updated, principal);
  },
};

export const deleteItem: ServerRoute = {
  method: 'DELETE',
  path: '/catalog/items/{id}',
  options: {
    tags: ['api', 'catalog'],
    description: 'Delete a catalog item nobody ordered (422 CATALOG_ITEM_ORDERED otherwise: withdraw it)',
    auth: CURATORS,
    validate: { params: byId },
  },
  async handler(request, h) {
    await new CatalogService(request.app.em).deleteItem(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};
