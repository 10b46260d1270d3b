/** The command line of bench/scale-out.ts. */
export interface ScaleOutArgs {
  incidents: number;
  servers: Array<'dev' | 'server'>;
  floor: number;
  concurrency: number;
  workerMetrics: boolean;
  connections: boolean;
  rounds: number;
  /** Incidents run unmeasured before the first phase and after a worker starts: JIT, pools and caches warm. */
  warmUp: number;
}

export function parseScaleOutArgs(argv: string[]): ScaleOutArgs {
  const args: ScaleOutArgs = {
    incidents: Number(argv.find((a) => !a.startsWith('--')) ?? 200),
    servers: ['dev', 'server'],
    floor: 200,
    concurrency: 16,
    workerMetrics: false,
    connections: false,
    rounds: 1,
    warmUp: NaN,
  };
  for (const flag of argv.filter((a) => a.startsWith('--'))) {
    const [name, value = ''] = flag.slice(2).split('=');
    if (name === 'servers') args.servers = value.split(',') as ScaleOutArgs['servers'];
    else if (name === 'floor') args.floor = Number(value);
    else if (name === 'concurrency') args.concurrency = Number(value);
    else if (name === 'worker-metrics') args.workerMetrics = true;
    else if (name === 'connections') args.connections = true;
    else if (name === 'rounds') args.rounds = Number(value);
    else if (name === 'warm-up') args.warmUp = Number(value);
    else usage(`unknown option ${flag}`);
  }
  if (!Number.isInteger(args.incidents) || args.incidents < 1) usage('incidents must be a positive integer');
  if (!args.servers.length || args.servers.some((s) => s !== 'dev' && s !== 'server')) usage('--servers takes dev, server or dev,server');
  if (!Number.isInteger(args.floor) || args.floor < 1) usage('--floor must be a positive whole number of workflows');
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) usage('--concurrency must be a positive integer');
  if (!Number.isInteger(args.rounds) || args.rounds < 1) usage('--rounds must be a positive integer');
  if (Number.isNaN(args.warmUp)) args.warmUp = args.incidents;
  if (!Number.isInteger(args.warmUp) || args.warmUp < 1) usage('--warm-up must be a positive whole number of incidents');
  return args;
}

export function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run bench:scaleout -- [incidents=200] [--servers=dev,server] [--floor=200] [--concurrency=16] [--worker-metrics] [--connections] [--rounds=1] [--warm-up=incidents]`,
  );
  process.exit(2);
}
