import { DEMO_USERS } from '../../../scripts/lib/demo-identities';
import { sleep } from './fault-cluster';
import type { Body } from '../../support/json-body';

/** What the clients saw: every answer by status, connection failures, and 503s that came with `Retry-After`. */
export interface ClientTally {
  statuses: Record<number, number>;
  connectionErrors: number;
  retries: number;
  unavailableWithRetryAfter: number;
  unavailableWithoutRetryAfter: number;
  /** Bodies of any 5xx other than 503, for the failure message. */
  serverErrors: string[];
}

export const newTally = (): ClientTally => ({
  statuses: {},
  connectionErrors: 0,
  retries: 0,
  unavailableWithRetryAfter: 0,
  unavailableWithoutRetryAfter: 0,
  serverErrors: [],
});

/**
 * A client of the API over real HTTP that behaves as a well-made integration should: it retries a
 * request the server never answered (connection refused or reset) or answered 503, after
 * `Retry-After`, and sends the same `Idempotency-Key` every time, so a retry can never raise a
 * second ticket. It signs in again when its token is refused.
 */
export class DeskClient {
  private readonly tokens = new Map<string, string>();
  /** Requests sent and not yet answered, so a fault can be injected mid-request. */
  inFlight = 0;

  constructor(
    private readonly baseUrl: () => string,
    readonly tally: ClientTally = newTally(),
    private readonly giveUpAfterMs = 180_000,
  ) {}

  async request(
    username: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Body; headers: Headers }> {
    const deadline = Date.now() + this.giveUpAfterMs;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.tally.retries++;
      let res: Response;
      let text: string;
      try {
        const auth = username ? { authorization: `Bearer ${await this.token(username)}` } : {};
        this.inFlight++;
        try {
          res = await fetch(`${this.baseUrl()}${path}`, {
            method,
            headers: { ...auth, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(20_000),
          });
          // The body is part of the answer: on a loaded machine it can outlast the timeout after the headers came.
          text = await res.text();
        } finally {
          this.inFlight--;
        }
      } catch (err) {
        // Never answered: the process died, was not up yet, or the request timed out.
        this.tally.connectionErrors++;
        if (Date.now() > deadline) throw new Error(`${method} ${path}: no answer for ${this.giveUpAfterMs} ms (${(err as Error).message})`);
        await sleep(Math.min(2000, 200 * 2 ** Math.min(attempt, 4)));
        continue;
      }
      this.tally.statuses[res.status] = (this.tally.statuses[res.status] ?? 0) + 1;
      if (res.status === 503) {
        const retryAfter = res.headers.get('retry-after');
        if (retryAfter) this.tally.unavailableWithRetryAfter++;
        else this.tally.unavailableWithoutRetryAfter++;
        if (Date.now() > deadline) throw new Error(`${method} ${path}: still 503 after ${this.giveUpAfterMs} ms`);
        // Honour the server's hint, within reason for a test.
        await sleep(Math.min(2000, 1000 * Number(retryAfter ?? 1)));
        continue;
      }
      if (res.status >= 500) {
        this.tally.serverErrors.push(`${res.status} ${method} ${path}: ${text.slice(0, 300)}`);
        if (Date.now() > deadline) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
        await sleep(500);
        continue;
      }
      if (res.status === 401 && username) {
        // A token from before a restart, or expired in a long run: sign in again.
        this.tokens.delete(username);
        if (Date.now() > deadline) throw new Error(`${method} ${path}: 401 ${text.slice(0, 300)}`);
        continue;
      }
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    }
  }

  /** A signed-in access token for a demo user (cached until refused). */
  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const password = DEMO_USERS.find((u) => u.username === username)?.password;
    if (!password) throw new Error(`no demo password for ${username}`);
    const res = await this.request(null, 'POST', '/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(username, res.body.accessToken);
    return res.body.accessToken;
  }
}
