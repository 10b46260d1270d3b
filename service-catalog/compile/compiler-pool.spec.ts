import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { BpmnParseError, BpmnTooLargeError, BpmnValidationError, compileProcess, MAX_FLOW_ELEMENTS } from '../../engine/compiler';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { DmnTooLargeError, DmnValidationError, MAX_DMN_ELEMENTS } from '../../engine/dmn';
import { dmnDocument, literalDecision } from '../../engine/dmn/fixtures/make-dmn';
import { CompilerPool } from './compiler-pool';

const incidentXml = readFileSync(join(__dirname, '../../workflows/processes/incident.bpmn'), 'utf8');
const priorityMatrixXml = readFileSync(join(__dirname, '../../workflows/decisions/priority-matrix.dmn'), 'utf8');

describe('CompilerPool', () => {
  const pool = new CompilerPool({ threads: 1 });
  afterAll(() => pool.close());

  it('compiles on a worker thread to the same graph the compiler gives in process', async () => {
    const before = pool.stats().completed;
    const compiled = await pool.compileProcess(incidentXml, { deployedProcessIds: new Set(['incident']) });
    expect(compiled).toEqual(await compileProcess(incidentXml, { deployedProcessIds: new Set(['incident']) }));
    const decisions = await pool.compileDecisions(priorityMatrixXml);
    expect(Object.keys(decisions.graph.decisions)).toContain('priority-matrix');
    expect(pool.stats().completed).toBe(before + 2);
    expect(pool.stats().threadIds.length).toBeGreaterThan(0);
    expect(pool.stats().threadIds).not.toContain(threadId);
  });

  it('hands refusals back as the compiler’s own error types with their problems', async () => {
    await expect(pool.compileProcess('<not-bpmn/>')).rejects.toBeInstanceOf(BpmnParseError);
    const invalid = bpmnDocument(`<bpmn:startEvent id="s" />${flow('f', 's', 'nowhere')}`);
    const refusal = await pool.compileProcess(invalid).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(BpmnValidationError);
    expect((refusal as BpmnValidationError).problems.length).toBeGreaterThan(0);
    await expect(pool.compileDecisions(dmnDocument('<decision id="d" />'))).rejects.toBeInstanceOf(DmnValidationError);
  });

  it('refuses documents over the element limits on the calling thread, without a worker', async () => {
    const before = pool.stats().completed;
    const tasks = Array.from({ length: MAX_FLOW_ELEMENTS + 1 }, (_, i) => `<bpmn:task id="t${i}"/>`).join('');
    const refusal = await pool.compileProcess(bpmnDocument(tasks)).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(BpmnTooLargeError);
    expect((refusal as Error).message).toBe(`the diagram has ${MAX_FLOW_ELEMENTS + 1} flow elements; the limit is ${MAX_FLOW_ELEMENTS}`);
    // Three DMN elements each (decision, literalExpression, text): just over the limit, well under 1 MB.
    const decisions = Array.from({ length: Math.floor(MAX_DMN_ELEMENTS / 3) + 1 }, (_, i) => literalDecision(`d${i}`, '1')).join('');
    await expect(pool.compileDecisions(dmnDocument(decisions))).rejects.toBeInstanceOf(DmnTooLargeError);
    expect(pool.stats().completed).toBe(before);
  });
});
