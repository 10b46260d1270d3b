import type { Plugin } from '@hapi/hapi';
import { decodeXmlOrJsonBody } from './xml-payload';

/** Runs for every route after authentication and before its joi validation: decodes XML-or-JSON bodies. */
export const requestInputPlugin: Plugin<void> = {
  name: 'flowdesk-request-input',
  register(server) {
    server.ext('onPostAuth', (request, h) => {
      if (request.route.settings.app?.xmlBody) decodeXmlOrJsonBody(request);
      return h.continue;
    });
  },
};
