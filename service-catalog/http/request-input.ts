import type { Plugin } from '@hapi/hapi';
import { InvalidInput } from '../errors';
import { findUnstorableText } from '../text/unstorable-text';
import { decodeXmlOrJsonBody } from './xml-payload';

/**
 * Runs for every route after authentication and before its joi validation: decodes XML-or-JSON
 * bodies, then refuses text PostgreSQL cannot store (NUL, unpaired surrogates) in the payload, the
 * query and the path parameters, multipart fields and file names included. Before validation, so
 * the answer names the field whatever else is wrong with the request, and one place covers every
 * route, present and future.
 */
export const requestInputPlugin: Plugin<void> = {
  name: 'flowdesk-request-input',
  register(server) {
    server.ext('onPostAuth', (request, h) => {
      if (request.route.settings.app?.xmlBody) decodeXmlOrJsonBody(request);
      const found = findUnstorableText({ params: request.params, query: request.query, payload: request.payload });
      if (found.length) {
        throw new InvalidInput('UNSTORABLE_TEXT', found.map((f) => `${f.field}: ${f.message}`).join('; '), found);
      }
      return h.continue;
    });
  },
};
