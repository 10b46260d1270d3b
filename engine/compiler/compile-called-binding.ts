import type { ModdleElement } from './parse-bpmn';
import type { CompileProblem } from './compile-problem';
import type { CalledBinding } from './process-graph';
import { zeebeExtension } from './zeebe-extensions';

type Problem = (message: string, code: string, field?: string) => void;

/** A version tag is a name (Camunda caps it at the length of a database string): nothing longer is stored. */
export const MAX_VERSION_TAG_LENGTH = 255;

/** A version tag as written, trimmed: undefined when blank, null when too long to store. */
export function versionTagValue(raw: unknown): string | undefined | null {
  const versionTag = typeof raw === 'string' ? raw.trim() : '';
  if (versionTag.length > MAX_VERSION_TAG_LENGTH) return null;
  return versionTag || undefined;
}

/**
 * A call activity's or business rule task's `bindingType` (Camunda 8.6): `latest` (the default) uses
 * the called process's active version, or the decision's newest, when the call happens; `deployment`
 * the version deployed with the calling one; `versionTag` the newest version carrying `versionTag`.
 * @param element the extension element as the XML names it, for the problems' fields
 * @returns undefined for latest, null after a problem was reported.
 */
export function compileCalledBinding(
  called: ModdleElement,
  problem: Problem,
  element: 'zeebe:calledElement' | 'zeebe:calledDecision' = 'zeebe:calledElement',
): CalledBinding | undefined | null {
  const type = typeof called.bindingType === 'string' && called.bindingType.trim() !== '' ? called.bindingType.trim() : 'latest';
  if (type === 'latest') return undefined;
  if (type === 'deployment') return { type: 'deployment' };
  if (type === 'versionTag') {
    const versionTag = versionTagValue(called.versionTag);
    if (versionTag === undefined) {
      problem('binding type "versionTag" needs the version tag to call: set versionTag', 'MISSING_VERSION_TAG', `${element}.versionTag`);
      return null;
    }
    if (versionTag === null) {
      problem(`versionTag is longer than ${MAX_VERSION_TAG_LENGTH} characters`, 'INVALID_VERSION_TAG', `${element}.versionTag`);
      return null;
    }
    return { type: 'versionTag', versionTag };
  }
  problem(`binding type "${type}" is not one of latest, deployment, versionTag`, 'UNSUPPORTED_BINDING', `${element}.bindingType`);
  return null;
}

/** The process's own `zeebe:versionTag` (Camunda 8.6), which call activities with binding type versionTag name. */
export function compileVersionTag(process: ModdleElement, problems: CompileProblem[]): string | undefined {
  const versionTag = versionTagValue(zeebeExtension(process, 'zeebe:VersionTag')?.value);
  if (versionTag === null) {
    problems.push({
      elementId: process.id as string | undefined,
      message: `the version tag is longer than ${MAX_VERSION_TAG_LENGTH} characters`,
      code: 'INVALID_VERSION_TAG',
      field: 'zeebe:versionTag.value',
    });
    return undefined;
  }
  return versionTag;
}
