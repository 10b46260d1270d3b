import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver took, with the status it answered. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  answered: number;
}
/**
 * A receiver on loopback, as an integration would run one: it records every request and answers each
 * path with the statuses queued for it (then 200), so a test can make it fail a few times, or for good.
 */
export class Receiver {
  readonly requests: Received[] = [];
  private readonly plans = new Map<string, number[]>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const plan = this.plans.get(path);
      const answered = plan?.length ? plan.shift()! : (this.always.get(path) ?? 200);
      this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'receiver is unwell');
    });
  });
  readonly always = new Map<string, number>();

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  failNext(path: string, ...statuses: number[]) {
    this.plans.set(path, statuses);
  }
  at(path: string) {
    return this.requests.filter((r) => r.path === path);
  }
  close() {
    return new Promise((r) => this.server.close(r));
  }
}
