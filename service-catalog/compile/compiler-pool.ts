import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { assertWithinFlowElementLimit, type CompileContext, type CompiledProcess } from '../../engine/compiler';
import { assertWithinDmnElementLimit, type CompiledDecisions } from '../../engine/dmn';
import { Busy } from '../errors';
import type { Compiler } from './compiler';
import { fromRefusal, type CompileOutcome, type CompileTask } from './compile-task';

export interface CompilerPoolOptions {
  /** Worker threads at most; default: one core less than the machine has (the event loop keeps one), 1–4. */
  threads?: number;
  /** Compiles that may wait for a thread; more at once answer 503 with Retry-After. */
  maxQueue?: number;
}

/**
 * Compiles BPMN and DMN on worker threads, so the event loop only parses the request and counts
 * elements. The element limits are checked here first, on the calling thread: they take
 * milliseconds, and an upload over a limit then never occupies a worker.
 */
export class CompilerPool implements Compiler {
  private readonly pool: Piscina<CompileTask, CompileOutcome>;
  private completed = 0;
  private readonly workerThreadIds = new Set<number>();

  constructor(options: CompilerPoolOptions = {}) {
    const threads = options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.pool = new Piscina({
      ...workerEntry(),
      // Threads start on the first upload and leave after a quiet minute: deploys are rare.
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 60_000,
      maxQueue: options.maxQueue ?? 32,
    });
  }

  async compileProcess(xml: string, context: CompileContext = {}): Promise<CompiledProcess> {
    assertWithinFlowElementLimit(xml);
    const ids = context.deployedProcessIds;
    return (await this.run({ kind: 'bpmn', xml, ...(ids ? { deployedProcessIds: [...ids] } : {}) })) as CompiledProcess;
  }

  async compileProcesses(xml: string, context: CompileContext = {}): Promise<CompiledProcess[]> {
    assertWithinFlowElementLimit(xml);
    const ids = context.deployedProcessIds;
    return (await this.run({
      kind: 'bpmn',
      xml,
      everyProcess: true,
      ...(ids ? { deployedProcessIds: [...ids] } : {}),
    })) as CompiledProcess[];
  }

  async compileDecisions(xml: string): Promise<CompiledDecisions> {
    assertWithinDmnElementLimit(xml);
    return (await this.run({ kind: 'dmn', xml })) as CompiledDecisions;
  }

  /** Compiles finished (including refusals) and the worker threads that ran them; never the event loop's. */
  stats(): { completed: number; threadIds: number[] } {
    return { completed: this.completed, threadIds: [...this.workerThreadIds] };
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }

  private async run(task: CompileTask): Promise<unknown> {
    if (this.pool.queueSize >= this.pool.options.maxQueue) {
      throw new Busy('COMPILE_QUEUE_FULL', `${this.pool.queueSize} uploads are already waiting to be compiled; try again shortly`, 2);
    }
    const outcome = await this.pool.run(task);
    this.completed++;
    this.workerThreadIds.add(outcome.threadId);
    if (!outcome.ok) throw fromRefusal(outcome.refusal);
    return outcome.value;
  }
}

/**
 * The built server runs compile-worker.js. From the TypeScript sources (ts-jest) the worker thread
 * gets the .ts file and a preloaded loader that transpiles it, since jest's transform stops at the thread.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  if (__filename.endsWith('.js')) return { filename: join(__dirname, 'compile-worker.js'), execArgv: [] };
  return { filename: join(__dirname, 'compile-worker.ts'), execArgv: ['--require', join(__dirname, 'ts-source-loader.cjs')] };
}
