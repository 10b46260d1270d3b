import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { PartCatalogue, type PartInput, type PartSearch } from '../domain/part-catalogue';
import { presentPart } from '../presenters';
import { listPartsQuery, partList, partPayload, partResource, partUpdatePayload } from '../catalogue-schemas';
import { idParams } from '../schemas';
import { STAFF } from './access';

const tags = ['api', 'field-service'];
const OWNERS = { access: { scope: ['process-owner', 'admin'] } };

export const listParts: ServerRoute = {
  method: 'GET',
  path: '/parts',
  options: {
    tags,
    description: 'The parts catalogue: the provider’s parts and the stock of the customers you serve; search by SKU prefix or name',
    auth: STAFF,
    validate: { query: listPartsQuery },
    response: { schema: partList },
  },
  async handler(request) {
    const [items, total] = await new PartCatalogue(request.app.em).list(request.query as unknown as PartSearch);
    return { items: items.map(presentPart), total };
  },
};

export const createPart: ServerRoute = {
  method: 'POST',
  path: '/parts',
  options: {
    tags,
    description: 'Add a part to the catalogue: the provider’s (organizationId null) or a customer’s own stock',
    notes: '409 when the SKU is taken in that catalogue; 422 naming `payload.organizationId` for a customer you do not serve.',
    auth: OWNERS,
    validate: { payload: partPayload },
    response: { status: { 201: partResource } },
  },
  async handler(request, h) {
    const part = await new PartCatalogue(request.app.em).create(principalOf(request), request.payload as PartInput);
    return h.response(presentPart(part)).code(201).header('location', `/parts/${part.id}`);
  },
};

export const getPart: ServerRoute = {
  method: 'GET',
  path: '/parts/{id}',
  options: { tags, description: 'One catalogue part', auth: STAFF, validate: { params: idParams }, response: { schema: partResource } },
  async handler(request) {
    return presentPart(await new PartCatalogue(request.app.em).get(request.params.id as string));
  },
};

export const updatePart: ServerRoute = {
  method: 'PUT',
  path: '/parts/{id}',
  options: {
    tags,
    description: 'Change a catalogue part (send the version you read; 409 when it changed). Work orders keep what they recorded',
    auth: OWNERS,
    validate: { params: idParams, payload: partUpdatePayload },
    response: { schema: partResource },
  },
  async handler(request) {
    const part = await new PartCatalogue(request.app.em).update(
      principalOf(request),
      request.params.id as string,
      request.payload as Parameters<PartCatalogue['update']>[2],
    );
    return presentPart(part);
  },
};
