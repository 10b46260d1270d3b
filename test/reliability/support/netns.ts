import { execFileSync } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';

/**
 * A network namespace for the application tier (API and worker), joined to the host — where
 * PostgreSQL, Temporal and the mail sink run — by a veth pair: every byte between the parts crosses it,
 * so it can be slowed down or cut.
 */
export interface AppNamespace {
  name: string;
  hostIf: string;
  hostIp: string;
  nsIp: string;
  /** The delay the host-side forwarders add to each direction (used when the kernel has no netem). */
  delayMs(): number;
}

export interface NamespaceControl {
  ns: AppNamespace;
  /** Round trips between the tiers take `ms` longer: netem on the host's veth, else the forwarders. */
  setLatency(ms: number): void;
  /** How latency is added: `netem` or `forwarder`. */
  readonly latencyBy: 'netem' | 'forwarder';
  /** Cuts the link (the veth goes down): nothing passes either way. */
  partition(): void;
  heal(): void;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Creates the namespace, or says why it cannot (not root, no `ip`, netns not permitted): the caller
 * skips with that message.
 */
export function createAppNamespace(id: number): NamespaceControl | { skipped: string } {
  if (process.getuid?.() !== 0) return { skipped: 'network namespaces need root' };
  const name = `fdk-${id}`;
  const hostIf = `fdk${id}h`;
  const nsIf = `fdk${id}n`;
  const subnet = `10.231.${id % 250}`;
  const ns: AppNamespace = { name, hostIf, hostIp: `${subnet}.1`, nsIp: `${subnet}.2`, delayMs: () => forwarderDelay };
  let forwarderDelay = 0;
  try {
    ip('netns', 'add', name);
  } catch (err) {
    return {
      skipped: `ip netns add failed (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}): network namespaces are not permitted here`,
    };
  }
  try {
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    ip('link', 'set', nsIf, 'netns', name);
    ip('addr', 'add', `${ns.hostIp}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('-n', name, 'addr', 'add', `${ns.nsIp}/30`, 'dev', nsIf);
    ip('-n', name, 'link', 'set', nsIf, 'up');
    ip('-n', name, 'link', 'set', 'lo', 'up');
  } catch (err) {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    return { skipped: `could not wire the namespace: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}` };
  }
  let latencyBy: 'netem' | 'forwarder' = 'netem';
  try {
    execFileSync('tc', ['qdisc', 'replace', 'dev', hostIf, 'root', 'netem', 'delay', '0ms'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    // This kernel has no sch_netem (and we may not load modules): delay in the forwarders instead.
    latencyBy = 'forwarder';
  }
  return {
    ns,
    latencyBy,
    setLatency(ms: number) {
      if (latencyBy === 'netem') execFileSync('tc', ['qdisc', 'replace', 'dev', hostIf, 'root', 'netem', 'delay', `${ms}ms`]);
      else forwarderDelay = ms / 2;
    },
    partition: () => void ip('link', 'set', hostIf, 'down'),
    heal: () => void ip('link', 'set', hostIf, 'up'),
    remove() {
      try {
        ip('link', 'del', hostIf);
      } catch {
        // went with the namespace
      }
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    },
  };
}

/**
 * A TCP forwarder on `host:port` to `127.0.0.1:targetPort`, delaying each chunk by `delayMs()` in each
 * direction (in order: equal delays keep the bytes' order).
 */
export function startForwarder(opts: {
  host: string;
  port: number;
  targetPort: number;
  delayMs: () => number;
}): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      const delay = opts.delayMs();
      if (delay <= 0) to.write(chunk);
      else setTimeout(() => !to.destroyed && to.write(chunk), delay);
    });
    from.on('end', () => setTimeout(() => to.end(), opts.delayMs()));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), opts.delayMs()));
  };
  const server = createServer((client) => {
    const upstream = connect(opts.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
