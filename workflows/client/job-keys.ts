import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ExternalJobInput } from '../bpmn-process/messages';
import type { JobTag } from './job-result';

/** A job key that does not name a job this server handed out (forged, mangled or from another server). */
export class UnknownJob extends Error {
  readonly code = 'JOB_NOT_FOUND';
  constructor(message = 'the job does not exist, or it was completed, failed or timed out') {
    super(message);
    this.name = 'UnknownJob';
  }
}

/**
 * Job keys: what the job API hands a worker instead of a stored row. A key carries the workflow, the
 * activity and Temporal's task token, signed with the server's secret, so a key cannot be forged into
 * another instance's job.
 */
export class JobKeys {
  constructor(private readonly secret: string) {}

  /**
   * `<workflow id>.<activity id>.<task token>[.<tag>].<signature>`, each base64url. The tag names a task
   * listener's event (`completing`), so its completion's result can be checked against it, or an ad-hoc
   * sub-process's job (`adHocSubProcess <definition id> <element id>`), whose result names elements of it.
   */
  encode(workflowId: string, activityId: string, token: Uint8Array, tag?: JobTag): string {
    const tagText = !tag
      ? undefined
      : 'taskListener' in tag
        ? tag.taskListener
        : `${AD_HOC_TAG} ${tag.adHocSubProcess.definitionId} ${tag.adHocSubProcess.elementId}`;
    const body = [workflowId, activityId, token, ...(tagText ? [tagText] : [])]
      .map((part) => Buffer.from(part).toString('base64url'))
      .join('.');
    return `${body}.${this.sign(body)}`;
  }

  decode(jobKey: string): { workflowId: string; activityId: string; token: Uint8Array; tag?: JobTag } {
    const parts = jobKey.split('.');
    if (parts.length !== 4 && parts.length !== 5) throw new UnknownJob();
    const body = parts.slice(0, -1).join('.');
    // Compare the text, not the decoded bytes: base64url's last character carries spare bits, so two
    // spellings decode to the same signature and a decoded comparison would accept a key that was never issued.
    const given = Buffer.from(parts[parts.length - 1]!, 'utf8');
    const expected = Buffer.from(this.sign(body), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnknownJob();
    const tagText = parts.length === 5 ? Buffer.from(parts[3]!, 'base64url').toString('utf8') : undefined;
    return {
      workflowId: Buffer.from(parts[0]!, 'base64url').toString('utf8'),
      activityId: Buffer.from(parts[1]!, 'base64url').toString('utf8'),
      token: new Uint8Array(Buffer.from(parts[2]!, 'base64url')),
      ...(tagText ? { tag: parseTag(tagText) } : {}),
    };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

const AD_HOC_TAG = 'adHocSubProcess';

export function tagOf(input: ExternalJobInput): JobTag | undefined {
  if (input.adHocSubProcess) return { adHocSubProcess: { definitionId: input.processDefinitionId, elementId: input.elementId } };
  return input.listener?.kind === 'task' ? { taskListener: input.listener.eventType } : undefined;
}

function parseTag(text: string): JobTag {
  const [first, definitionId, elementId] = text.split(' ');
  return first === AD_HOC_TAG && definitionId && elementId ? { adHocSubProcess: { definitionId, elementId } } : { taskListener: text };
}
