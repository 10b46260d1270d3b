import { writeFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { refOfCamundaKey } from './job-api';
import { repoFile } from './repo-root';
import type { TestSystem } from './test-system';

const History = temporal.api.history.v1.History;

/**
 * `FLOWDESK_RECORD_HISTORIES=1 npm test -- <tests>` refreshes test/replay/histories: do it when a case
 * is added, never to make a failing replay pass (that would hide a determinism break). Any other value
 * names a generation kept beside the older recordings (`<name>.<value>.json`): after a `patched()`
 * change, record the new path without losing the histories of the old one.
 */
export async function recordHistoryIfAsked(system: TestSystem, instance: string, name: string): Promise<void> {
  const asked = process.env.FLOWDESK_RECORD_HISTORIES;
  if (!asked) return;
  // a test driving Camunda's API holds the instance's numeric key: its workflow id is the reference behind it
  const workflowId = await refOfCamundaKey(system, instance);
  const history = await system.client.workflow.getHandle(workflowId).fetchHistory();
  const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
  const generation = asked === '1' ? '' : `.${asked}`;
  // The workflow id is part of what replays: child workflow ids derive from it.
  writeFileSync(repoFile('test', 'replay', 'histories', `${name}${generation}.json`), `${JSON.stringify({ workflowId, history: json })}\n`);
}
