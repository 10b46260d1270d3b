/** A deploy body: `{ "xml": "…" }` as JSON, or the file itself sent as application/xml or text/xml. */
export function xmlFromPayload(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return (body as { xml: string }).xml;
}
