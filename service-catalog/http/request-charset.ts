import Boom from '@hapi/boom';
import type { Plugin } from '@hapi/hapi';

/**
 * JSON, XML and form fields are read as UTF-8 and nothing else: a body declaring another charset
 * (`utf-7`, `utf-16`, `iso-8859-1`…) would be stored as text that means something else than what the
 * client said, so it is refused with 415 before anything parses it. No charset means UTF-8.
 */
export const requestCharsetPlugin: Plugin<void> = {
  name: 'flowdesk-request-charset',
  register(server) {
    server.ext('onRequest', (request, h) => {
      const contentType = request.headers['content-type'];
      if (!contentType) return h.continue;
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(String(contentType))?.[1]?.toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8') {
        throw Boom.unsupportedMediaType(`charset ${charset} is not accepted: send UTF-8`);
      }
      return h.continue;
    });
  },
};
