import { AD_HOC_JOB_WORKER_RULE } from './lint-messages';

export { AD_HOC_JOB_WORKER_RULE };

interface LintNode {
  $type: string;
  id?: string;
  completionCondition?: { body?: string };
  extensionElements?: { values?: Array<{ $type: string; activeElementsCollection?: string }> };
}

/**
 * An ad-hoc sub-process with a task definition is run by a job worker, which decides what to activate and
 * when it completes: its active elements collection and completion condition are never evaluated, as the
 * server warns on deploy. Written as a bpmnlint rule so the modeler marks it while it is drawn.
 */
export function adHocJobWorkerIgnores() {
  return {
    check(node: LintNode, reporter: { report(id: string, message: string): void }) {
      if (node.$type !== 'bpmn:AdHocSubProcess' || !node.id) return;
      const values = node.extensionElements?.values ?? [];
      if (!values.some((v) => v.$type === 'zeebe:TaskDefinition')) return;
      const collection = values.find((v) => v.$type === 'zeebe:AdHoc')?.activeElementsCollection?.trim();
      if (!collection && !node.completionCondition?.body?.trim()) return;
      reporter.report(node.id, 'Ad-hoc sub-process run by a job worker ignores its active elements and completion condition');
    },
  };
}
