import type { PassThrough } from 'node:stream';
import type { Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';

/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 20_000;
/**
 * A stream ends after this long and the browser opens a new one: the token it was opened with is checked
 * again then, so a revoked or expired token stops hearing changes within this time (and every read the
 * hints lead to is checked on its own, at once).
 */
const STREAM_LIFETIME_MS = 5 * 60_000;

/**
 * Keeps a server-sent event stream open for its lifetime, with a heartbeat, in `open` (so the server can end
 * it when it stops: it would otherwise hold the drain until its timeout). Returns `end`, which ends it once:
 * the heartbeat and lifetime stop and `unsubscribe` is called, whether the client left or the stream ended.
 */
export function keepStreamOpen(request: Request, stream: PassThrough, open: Set<PassThrough>, unsubscribe: () => void): () => void {
  open.add(stream);
  const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const lifetime = setTimeout(() => stream.end(), STREAM_LIFETIME_MS);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    unsubscribe();
    open.delete(stream);
    if (!stream.writableEnded) stream.end();
  };
  stream.on('close', end);
  stream.on('finish', end);
  request.raw.req.on('close', end);
  return end;
}

/**
 * server.inject() (tests, internal callers) waits for a response to end and cannot read a stream as it
 * comes: such a caller gets what is written at once, instead of being held for the stream's lifetime.
 * hapi sets `isInjected` on every request (lib/request.js); its typings declare it on the options only.
 */
export const isInjected = (request: Request): boolean => (request as unknown as { isInjected: boolean }).isInjected;

/** The response that carries a server-sent event stream. */
export function eventStreamResponse(h: ResponseToolkit, stream: PassThrough): ResponseObject {
  return (
    h
      .response(stream)
      .type('text/event-stream')
      .header('cache-control', 'no-cache, no-transform')
      // Compression would hold events back until a buffer fills; nginx would buffer without this.
      .header('content-encoding', 'identity')
      .header('x-accel-buffering', 'no')
  );
}
