import Boom from '@hapi/boom';
import type { Plugin, Request } from '@hapi/hapi';

declare module '@hapi/hapi' {
  interface PluginProperties {
    'flowdesk-admission': { gate: AdmissionGate };
  }
  interface PluginSpecificConfiguration {
    /**
     * `exempt`: the route bypasses admission control. For requests that stay open by design (event
     * streams, job long polls), which would hold a place for minutes, and for what operators need
     * while the API is saturated (health, readiness, metrics).
     */
    admission?: 'exempt';
  }
}

/**
 * How many requests one API process works on at once, and how long one may wait for a place. Each
 * request needs pooled database connections and round trips to Temporal; past what those can carry, more
 * requests at once only make each one slower, until callers time out and send them again on top of the
 * ones still running (a database 100 ms away, a pool of 20: a create unanswered for 180 s,
 * bench/network-faults.ts). With a bound, the requests over it wait their turn for `queueWaitMs` at
 * most, then get 503 with `Retry-After`: the caller backs off, the work admitted finishes in time.
 */
export interface AdmissionOptions {
  /** Requests worked on at once (config `FLOWDESK_API_MAX_IN_FLIGHT`). */
  maxInFlight: number;
  /** How long a request waits for a place before it is refused (config `FLOWDESK_API_QUEUE_WAIT_MS`). */
  queueWaitMs: number;
  /** Seconds a refused caller is told to wait (`Retry-After`). */
  retryAfterSec?: number;
}

/** Places for requests, handed out in arrival order; a waiter not served within the wait gets none. */
export class AdmissionGate {
  private inFlight = 0;
  private readonly waiting: Array<{ admit: () => void }> = [];
  /** Requests refused since start (exposed as a metric). */
  refused = 0;

  constructor(
    readonly maxInFlight: number,
    private readonly queueWaitMs: number,
  ) {}

  get busy(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves true once admitted (call {@link release} when done), false when the wait ran out. */
  acquire(): Promise<boolean> {
    if (this.inFlight < this.maxInFlight && this.waiting.length === 0) {
      this.inFlight++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter = {
        admit: () => {
          clearTimeout(timer);
          this.inFlight++;
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        this.refused++;
        resolve(false);
      }, this.queueWaitMs);
      this.waiting.push(waiter);
    });
  }

  release(): void {
    this.inFlight--;
    // The place goes straight to the longest waiter, so a newcomer cannot overtake the queue.
    while (this.inFlight < this.maxInFlight && this.waiting.length) this.waiting.shift()!.admit();
  }
}

/** Whether a request bypasses the gate: flagged routes, and public reads (the UI's files, the API docs). */
export function bypassesAdmission(request: Pick<Request, 'method' | 'route'>): boolean {
  const settings = request.route.settings;
  if (settings.plugins?.admission === 'exempt') return true;
  // hapi keeps a route's `auth: false` as is (its type says otherwise).
  return request.method === 'get' && (settings.auth as unknown) === false;
}

const ADMITTED = Symbol('admitted');

export const admissionPlugin: Plugin<AdmissionOptions> = {
  name: 'flowdesk-admission',
  register(server, options) {
    const gate = new AdmissionGate(options.maxInFlight, options.queueWaitMs);
    server.expose('gate', gate);
    // After routing (the route's settings say whether it is exempt), before authentication: checking a
    // token reads the database too.
    server.ext('onPreAuth', async (request, h) => {
      if (bypassesAdmission(request)) return h.continue;
      if (!(await gate.acquire())) {
        const busy = Boom.serverUnavailable('the service desk is busy right now; retry in a second', { code: 'API_BUSY', details: [] });
        busy.output.headers['Retry-After'] = String(options.retryAfterSec ?? 1);
        throw busy;
      }
      (request.plugins as Record<symbol, boolean>)[ADMITTED] = true;
      return h.continue;
    });
    // Emitted once per request, answered or abandoned by its client.
    server.events.on('response', (request) => {
      const marks = request.plugins as Record<symbol, boolean>;
      if (!marks[ADMITTED]) return;
      marks[ADMITTED] = false;
      gate.release();
    });
  },
};
