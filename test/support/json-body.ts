/**
 * A response body as the tests read it: field by field, in assertions. The routes' response schemas already check
 * its shape, so the tests index it freely instead of restating every schema as a type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: assertions read the body field by field
export type Body = Record<string, any>;
