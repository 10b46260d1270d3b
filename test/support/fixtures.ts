import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const incidentXml = readFileSync(join(__dirname, '../fixtures/triage-incident.bpmn'), 'utf8');

/** The small triage → resolve incident process (test/fixtures) under a process id of its own, so tests never share versions. */
export function incidentProcess(label = 'incident'): { processId: string; xml: string } {
  const processId = `${label}_${randomUUID().slice(0, 8)}`;
  return { processId, xml: incidentXml.replace(/"incident"/g, `"${processId}"`) };
}
