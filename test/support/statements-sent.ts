import { AsyncLocalStorage } from 'node:async_hooks';
import { PipelinedClient } from '../../service-catalog/db/pipelined-client';

/**
 * Watches the SQL the database client sends, and answers which statements were sent on behalf of one
 * call: AsyncLocalStorage follows the call through its awaits, so a worker or API running beside it in
 * the same process adds nothing. Call it in `beforeAll`; `jest.restoreAllMocks()` stops watching.
 */
export function watchStatementsSent(): <T>(call: () => Promise<T>) => Promise<{ result: T; statements: string[] }> {
  const calls = new AsyncLocalStorage<string[]>();
  const query = PipelinedClient.prototype.query as (...args: unknown[]) => unknown;
  jest.spyOn(PipelinedClient.prototype, 'query').mockImplementation(function (this: PipelinedClient, ...args: unknown[]) {
    if (typeof args[0] === 'string') calls.getStore()?.push(args[0]);
    return query.apply(this, args) as never;
  } as never);
  return async (call) => {
    const statements: string[] = [];
    const result = await calls.run(statements, call);
    return { result, statements };
  };
}

/** Whether a statement opens a transaction. */
export const isBegin = (statement: string): boolean => /^\s*begin\b/i.test(statement);
