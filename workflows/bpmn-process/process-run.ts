import type { CancellationScope } from '@temporalio/workflow';
import type { ProcessGraph } from '../../engine/compiler/process-graph';
import type { EngineEvent, ProcessState } from '../../engine/runtime/process-state';
import type { ProcessInstanceInput } from './messages';

/**
 * The mutable state of one run of a BPMN process instance, shared by the shell's modules. Only the
 * workflow's own coroutines touch it, one at a time (Temporal runs a workflow on one thread).
 */
export class ProcessRun {
  /** Replaced by a migration (processInstance.migrate), which continues the instance on another version's graph. */
  graph: ProcessGraph;
  definition: ProcessInstanceInput['definition'];
  /** The interpreter's state; set by the start (or the resumed run) before anything reads it. */
  state!: ProcessState;
  /** Events waiting for the main loop: results of work, fired timers, buffered messages. */
  readonly inbox: EngineEvent[] = [];
  /** Work started for an element instance, so a boundary event or a cancel can stop it. */
  readonly running = new Map<number, CancellationScope>();
  /** Armed timers by timer key; each is a `sleep` in its own scope, so leaving the element cancels it. */
  readonly timers = new Map<number, CancellationScope>();
  /**
   * Element instances whose work is a local activity in flight: the instance is passing through, not
   * waiting, so its projection is written once the chain of local steps has run (one write per wait
   * state, not one per step).
   */
  readonly localWork = new Set<number>();

  constructor(readonly input: ProcessInstanceInput) {
    this.graph = input.graph;
    this.definition = input.definition;
  }
}
