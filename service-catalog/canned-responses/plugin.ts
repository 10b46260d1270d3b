import type { Plugin } from '@hapi/hapi';
import {
  createCannedResponse,
  deleteCannedResponse,
  getCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from './routes/canned-responses';
import { renderCannedResponse } from './routes/render-canned-response';
import type { CannedResponsesOptions } from './options';

/** Replies agents reuse, filled in from the ticket when used. */
export const cannedResponsesPlugin: Plugin<CannedResponsesOptions> = {
  name: 'flowdesk-canned-responses',
  register(server, opts) {
    server.route([
      listCannedResponses,
      createCannedResponse,
      getCannedResponse,
      updateCannedResponse,
      deleteCannedResponse,
      renderCannedResponse(opts),
    ]);
  },
};
