/**
 * What a lint finding means, said so a process owner can act on it: bpmnlint's own messages ("Flow
 * splits implicitly") are written for BPMN specialists. Each sentence names the element by its name,
 * or by its id when it has none; the element id and the rule stay in the structured warning, so the
 * studio can still mark the element.
 *
 * One table for the server and the studio: the UI may import nothing outside ui/ (import boundaries),
 * so ui/src/app/features/studio/lint/lint-messages.ts is a copy of this file, byte for byte, which
 * test/lint/studio-lint-rules.spec.ts holds equal. Hence no imports here, and the UI's strict flags.
 */

/** The element a finding is about, as the diagram names it. */
export interface LintSubject {
  id: string;
  name?: string;
  /** moddle type, e.g. `bpmn:ExclusiveGateway`; says which noun the sentence uses. */
  type?: string;
  /** A path (sequence flow) without a name is named by the steps it connects. */
  from?: string;
  to?: string;
}

/** The rule id of the check Flowdesk adds to bpmnlint's: a user task that nobody is asked to do. */
export const UNASSIGNED_USER_TASK_RULE = 'flowdesk/unassigned-user-task';
export const AD_HOC_JOB_WORKER_RULE = 'flowdesk/ad-hoc-job-worker-ignores';

type Explain = (s: Said, original: string) => string;

/** How a sentence refers to its subject: `the gateway “Outcome?”`, or `the unnamed gateway “Gateway_1”`. */
interface Said {
  /** Begins a sentence. */
  The: string;
  /** Inside a sentence. */
  the: string;
  kind: string;
}

/** One sentence per rule of bpmnlint's recommended set (a spec checks none is missing), and Flowdesk's own. */
export const LINT_SENTENCES: Record<string, Explain> = {
  'ad-hoc-sub-process': (s, m) =>
    `${s.The} cannot be inside an ad-hoc subprocess: its tasks start on their own, so it takes no ${/start/i.test(m) ? 'start' : 'end'} event.`,
  'conditional-flows': (s) =>
    `${s.The} has no condition, while other paths out of the same step have one: give it a condition or make it the default path, or the work may stop there with no way to go.`,
  'end-event-required': (s) => `${s.The} has no end event: add one where the work is finished.`,
  'event-based-gateway': (s, m) =>
    /at least 2/.test(m)
      ? `${s.The} waits for a single event: it needs at least two outgoing paths, one per event it waits for.`
      : `${s.The} follows an event-based gateway and cannot have a condition: whichever event happens first picks the way.`,
  'event-sub-process-typed-start-event': (s) =>
    `${s.The} starts an event subprocess but does not say what triggers it: give it a message, timer, error, signal or escalation.`,
  'fake-join': (s) =>
    `${s.The} has several incoming paths but does not wait for them: it runs again for each path that arrives. Put a gateway in front of it to join them.`,
  global: (s, m) =>
    /missing name/.test(m)
      ? `${s.The} has no name: the events that use it find it by name.`
      : /unused/.test(m)
        ? `${s.The} is defined but no event or task uses it: use it or remove it.`
        : `${s.The} has the same name as another ${s.kind}: give each its own name.`,
  'label-required': (s) => `${s.The} has no name: give it one, so people reading the diagram and their task lists know what it is.`,
  'link-event': (s, m) => {
    const link = /<([^>]*)>/.exec(m)?.[1] ?? '';
    if (/missing link name/.test(m)) return `${s.The} has no link name: a link and the event it jumps to find each other by that name.`;
    if (/^Duplicate/.test(m))
      return `${s.The} catches the link “${link}”, which another event in the same part of the process catches too: keep one.`;
    // bpmnlint names the counterpart that is missing: a throw lacks its catch, or a catch its throw.
    return /^Link catch/.test(m)
      ? `${s.The} jumps to the link “${link}”, but nothing in the same part of the process catches it.`
      : `${s.The} waits for the link “${link}”, but nothing in the same part of the process jumps to it.`;
  },
  'no-bpmndi': (s) => `${s.The} is part of the process but not drawn in the diagram, so nobody sees it in the studio.`,
  'no-complex-gateway': (s) => `${s.The} is a complex gateway, which Flowdesk cannot run: use an exclusive, inclusive or parallel gateway.`,
  'no-disconnected': (s) => `${s.The} is not connected to the rest of the process: no path leads to it, so it never runs.`,
  'no-duplicate-sequence-flows': (s, m) =>
    /is a duplicate/.test(m)
      ? `${s.The} repeats another path between the same two steps: remove one of them.`
      : `${s.The} is connected twice to the same step: remove one of the two paths.`,
  'no-gateway-join-fork': (s) =>
    `${s.The} both joins and splits paths: use one gateway to join them and another to split, so it is clear what waits for what.`,
  'no-implicit-split': (s) =>
    `${s.The} has several outgoing paths without a gateway, so all of them run at once: add a gateway to say whether one or all should run.`,
  'no-implicit-end': (s) => `${s.The} ends its path without an end event: add one, so it is clear the work stops there.`,
  'no-implicit-start': (s) => `${s.The} has no incoming path and is not a start event: connect it, or put a start event before it.`,
  'no-inclusive-gateway': (s) =>
    `${s.The} takes every path whose condition holds, and the gateway joining them waits for all of them: check that this is meant (an exclusive gateway takes one).`,
  'no-overlapping-elements': (s, m) =>
    /outside/.test(m)
      ? `${s.The} is drawn outside the subprocess it belongs to: move it inside.`
      : `${s.The} overlaps another element in the drawing: move it so both can be read.`,
  'single-blank-start-event': (s) => `${s.The} has more than one plain start event, so it is unclear where new work begins: keep one.`,
  'single-event-definition': (s) => `${s.The} has more than one trigger: give it exactly one.`,
  'start-event-required': (s) => `${s.The} has no start event: add one where the work begins.`,
  'sub-process-blank-start-event': (s) =>
    `${s.The} starts a subprocess and must not have a trigger: the subprocess begins when a path reaches it.`,
  'superfluous-gateway': (s) => `${s.The} has one path in and one path out: it decides nothing and can be removed.`,
  'superfluous-label': (s) =>
    `${s.The} has a label but no condition and does not leave a decision: remove the label, or add the condition it describes.`,
  'superfluous-termination': (s) => `${s.The} ends the whole process where a plain end event would do the same: use a plain end event.`,
  [UNASSIGNED_USER_TASK_RULE]: (s) => `Nobody will see ${s.the}: it has no assignee, candidate group or candidate user.`,
  [AD_HOC_JOB_WORKER_RULE]: (s) =>
    `${s.The} is run by a job worker, which decides what to activate and when it completes: its active elements collection and completion condition are never evaluated.`,
};

/** The sentence for one finding; a rule without one keeps bpmnlint's text after the element's name. */
export function explainLint(rule: string, original: string, subject: LintSubject): string {
  const said = say(subject, rule === 'label-required');
  const explain = LINT_SENTENCES[rule];
  return explain ? explain(said, original) : `${said.The}: ${original}`;
}

/** The moddle element shapes {@link subjectsOf} reads (structural: this file imports nothing). */
export interface LintElement {
  $type: string;
  id?: string;
  name?: unknown;
  sourceRef?: LintElement;
  targetRef?: LintElement;
  flowElements?: LintElement[];
  artifacts?: LintElement[];
  rootElements?: LintElement[];
}

/** Every element with an id, by id: processes, their flow elements at any depth, messages and other root elements. */
export function subjectsOf(definitions: LintElement): Map<string, LintSubject> {
  const byId = new Map<string, LintSubject>();
  const nameOf = (el: LintElement | undefined) => (typeof el?.name === 'string' && el.name.trim() ? el.name.trim() : undefined);
  const visit = (el: LintElement) => {
    const name = nameOf(el);
    const [source, target] = [el.sourceRef, el.targetRef];
    const ends =
      el.$type === 'bpmn:SequenceFlow' && source?.id && target?.id
        ? { from: nameOf(source) ?? source.id, to: nameOf(target) ?? target.id }
        : {};
    if (el.id) byId.set(el.id, { id: el.id, type: el.$type, ...(name ? { name } : {}), ...ends });
    for (const child of [...(el.flowElements ?? []), ...(el.artifacts ?? [])]) visit(child);
  };
  for (const root of definitions.rootElements ?? []) visit(root);
  return byId;
}

/**
 * The words of one bpmnlint report (`id`, bpmnlint's `message`) of `rule`: the server's warning and
 * the studio's live marker say the same. A report about no element keeps bpmnlint's text.
 */
export function reportInWords(rule: string, report: { id?: string; message: string }, subjects: Map<string, LintSubject>): string {
  return report.id ? explainLint(rule, report.message, subjects.get(report.id) ?? { id: report.id }) : report.message;
}

// ---------------------------------------------------------------------------------------------------

const KINDS: Array<[RegExp, string]> = [
  [/^bpmn:Process$/, 'process'],
  [/SubProcess$|^bpmn:Transaction$/, 'subprocess'],
  [/^bpmn:CallActivity$/, 'call activity'],
  [/Task$/, 'task'],
  [/Gateway$/, 'gateway'],
  [/^bpmn:StartEvent$/, 'start event'],
  [/^bpmn:EndEvent$/, 'end event'],
  [/^bpmn:BoundaryEvent$/, 'boundary event'],
  [/Event$/, 'event'],
  [/^bpmn:SequenceFlow$/, 'path'],
  [/^bpmn:(Message|Signal|Error|Escalation)$/, ''],
];

function kindOf(type: string | undefined): string {
  if (!type) return 'element';
  for (const [pattern, kind] of KINDS) if (pattern.test(type)) return kind || type.slice('bpmn:'.length).toLowerCase();
  return 'element';
}

/** `nameless`: the finding is about the missing name itself, so "unnamed" would say it twice. */
function say(subject: LintSubject, nameless: boolean): Said {
  const kind = kindOf(subject.type);
  const name = subject.name?.trim();
  const the = name
    ? `the ${kind} “${name}”`
    : subject.from && subject.to
      ? `the ${kind} from “${subject.from}” to “${subject.to}”`
      : `the ${nameless ? '' : 'unnamed '}${kind} “${subject.id}”`;
  return { the, The: the.charAt(0).toUpperCase() + the.slice(1), kind };
}
