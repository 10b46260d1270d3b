import { type LintElement, reportInWords, subjectsOf } from './lint-messages';

type Reports = Record<string, Array<{ id?: string; message: string }>>;

interface Linting {
  lint(): Promise<Reports>;
}

/**
 * bpmn-js-bpmnlint shows bpmnlint's own messages ("Element is not connected"); the server answers a
 * validate or deploy with its own sentences (lint-messages.ts). This rewords each report as the
 * server would, before the linting service marks the diagram, so the marker on an element and the
 * warning the deploy returns say the same thing.
 */
export class LintInWords {
  static $inject = ['linting', 'bpmnjs'];

  constructor(linting: Linting, bpmnjs: { getDefinitions(): LintElement | undefined }) {
    const lint = linting.lint.bind(linting);
    linting.lint = async () => {
      const reports = await lint();
      const definitions = bpmnjs.getDefinitions();
      return definitions ? inWords(reports, subjectsOf(definitions)) : reports;
    };
  }
}

/** A diagram-js module: load it after bpmn-js-bpmnlint's. */
export const LintInWordsModule = { __init__: ['lintInWords'], lintInWords: ['type', LintInWords] };

// ---------------------------------------------------------------------------------------------------

function inWords(reports: Reports, subjects: ReturnType<typeof subjectsOf>): Reports {
  return Object.fromEntries(
    Object.entries(reports).map(([rule, found]) => [rule, found.map((r) => ({ ...r, message: reportInWords(rule, r, subjects) }))]),
  );
}
