import pino, { type Logger } from 'pino';

/** The one root logger; everything else takes a child of it. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'flowdesk' } });
}
export type { Logger };
