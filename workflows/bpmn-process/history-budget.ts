import { allHandlersFinished, continueAsNew, log, patched, workflowInfo } from '@temporalio/workflow';
import type { ProcessWorkflow } from './messages';
import type { ProcessRun } from './process-run';
import type { SubscriptionWriter } from './subscription-writer';

/** Default history budget: well under Temporal's 10,240-event warning, leaving room for a burst of events. */
export const DEFAULT_HISTORY_BUDGET = 8_000;

/**
 * Keeps a long-lived instance's history small: once over budget, at a point where nothing is in flight,
 * the run continues as new from the interpreter state.
 */
export class HistoryBudget {
  /**
   * The patch is checked only once an instance is over budget, where behaviour diverges: a history
   * from before continue-as-new existed replays without it there, and every other instance is spared
   * the marker events a check at the start would write.
   */
  private continueAsNewRefused = false;
  readonly budget: number;

  constructor(
    private readonly run: ProcessRun,
    private readonly subscriptions: SubscriptionWriter,
  ) {
    this.budget = run.input.historyBudget ?? DEFAULT_HISTORY_BUDGET;
  }

  wantsNewRun(): boolean {
    return !this.continueAsNewRefused && (workflowInfo().historyLength >= this.budget || workflowInfo().continueAsNewSuggested);
  }

  /** Nothing in flight that a new run could not pick up from the state: no activity, child, table write, event or handler. */
  atSafePoint(): boolean {
    const { run } = this;
    return run.running.size === 0 && this.subscriptions.pending === 0 && run.inbox.length === 0 && allHandlersFinished();
  }

  /** Asked once the run is due for a new one; false (for good) where the history predates continue-as-new. */
  mayContinueAsNew(): boolean {
    if (patched('continue-as-new-on-history-budget')) return true;
    this.continueAsNewRefused = true;
    return false;
  }

  /** Ends this run: the next one starts from the state, on the current graph and definition. */
  async continueAsNew(): Promise<never> {
    const { run } = this;
    log.info('continuing as new', { historyLength: workflowInfo().historyLength, budget: this.budget });
    // The current graph and definition, not the input's: a migration may have moved the instance.
    return continueAsNew<ProcessWorkflow>({
      ...run.input,
      graph: run.graph,
      definition: run.definition,
      variables: {},
      resume: { state: run.state, runs: (run.input.resume?.runs ?? 0) + 1 },
    });
  }
}
