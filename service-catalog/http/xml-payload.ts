import type { Request, RouteOptions } from '@hapi/hapi';
import { InvalidInput } from '../errors';

declare module '@hapi/hapi' {
  interface RouteOptionsApp {
    /** The body is `{"xml": "…"}` JSON or the XML file itself; see {@link xmlOrJsonBody}. */
    xmlBody?: boolean;
  }
}

/** What Camunda Modeler, curl users and the README send a .bpmn file as. */
export const BPMN_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml'];
/** The same for a .dmn file. */
export const DMN_CONTENT_TYPES = ['application/xml', 'text/xml', 'application/dmn+xml'];

/**
 * Route options for a deploy-style body: `{"xml": "…"}` as JSON, or the file itself as one of
 * `xmlTypes`. hapi parses only JSON, forms and `text/*`, and answers 415 for `application/xml`; so
 * the body is taken unparsed (decompressed) and {@link decodeXmlOrJsonBody} turns it into the JSON
 * object or the XML text before validation.
 */
export function xmlOrJsonBody(maxBytes: number, xmlTypes: string[]): Pick<RouteOptions, 'payload' | 'app'> {
  return { payload: { parse: 'gunzip', output: 'data', allow: ['application/json', ...xmlTypes], maxBytes }, app: { xmlBody: true } };
}

/** For a route made with {@link xmlOrJsonBody}: the raw body as a JSON value or the XML text. */
export function decodeXmlOrJsonBody(request: Request): void {
  const raw = request.payload;
  if (!Buffer.isBuffer(raw)) return;
  // hapi types the payload read-only, but it is the request's own field, replaced here as validation would.
  const writable = request as { payload: unknown };
  if (request.mime === 'application/json') {
    writable.payload = raw.length ? parseJson(raw.toString('utf8')) : null;
    return;
  }
  // A byte order mark is legal before an XML declaration but not something the parser expects.
  const text = raw.toString('utf8');
  writable.payload = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The XML of a deploy body after decoding: the text itself, or its `xml` field. */
export function xmlFromPayload(body: unknown): string {
  return typeof body === 'string' ? body : (body as { xml: string }).xml;
}

/** JSON.parse that refuses `__proto__` keys, as hapi's own parser does for every other route. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new SyntaxError('a "__proto__" key is not allowed');
      return value;
    });
  } catch (err) {
    const message = `the body is not valid JSON: ${(err as Error).message}`;
    throw new InvalidInput('INVALID_JSON', message, [{ field: 'payload', message }]);
  }
}
