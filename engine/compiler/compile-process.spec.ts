import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnParseError, compileProcess } from '.';
import { problemsOf } from './fixtures/problems-of';
import { bpmnDocument, flow, serviceTask } from './fixtures/make-bpmn';
import { MAX_WARNINGS_PER_RULE } from './lint-definitions';

const incidentXml = readFileSync(join(__dirname, '../../test/fixtures/triage-incident.bpmn'), 'utf8');
const itilIncidentXml = readFileSync(join(__dirname, '../../workflows/processes/incident.bpmn'), 'utf8');

describe('compileProcess', () => {
  it('compiles the shipped ITIL incident process: DMN priority, SLA timers on the work subprocess, ticket actions as properties', async () => {
    const { graph, warnings } = await compileProcess(itilIncidentXml);
    expect(graph.processId).toBe('incident');
    expect(graph.elements.Prioritise).toMatchObject({ kind: 'businessRuleTask' });
    expect(graph.elements.Investigate).toMatchObject({
      kind: 'userTask',
      candidateGroups: '=assignmentGroup',
      properties: { 'ticket.actions': 'resolve,await-caller' },
    });
    expect(graph.elements.Categorise).toMatchObject({ properties: { 'ticket.actions': 'categorise' } });
    // A requester's P1 waits for the desk before the major-incident branch can run.
    expect(graph.elements.ConfirmMajorIncident).toMatchObject({
      kind: 'userTask',
      candidateGroups: 'service-desk',
      properties: { 'ticket.actions': 'confirm-major' },
    });
    expect(graph.flows.Flow_NeedsConfirmation!.condition).toBe('priority = "P1" and raisedBy = "requester" and categorisedBy = null');
    expect(graph.elements.WorkOnIncident!.boundaryEventIds).toEqual(expect.arrayContaining(['ResolutionWarning', 'ResolutionBreach']));
    expect(warnings).toEqual([]);
  });

  it('compiles the small triage incident fixture with its zeebe extensions', async () => {
    const { graph, warnings, contentHash } = await compileProcess(incidentXml);
    expect(graph.processId).toBe('incident');
    expect(graph.startEventIds).toEqual(['IncidentReported']);
    expect(graph.elements.LogIncident).toMatchObject({
      kind: 'serviceTask',
      taskType: 'audit',
      retries: 3,
      headers: { action: 'incident.logged' },
    });
    expect(graph.elements.Triage).toMatchObject({ kind: 'userTask', candidateGroups: 'service-desk' });
    expect(graph.elements.PriorityGateway).toMatchObject({ kind: 'exclusiveGateway', defaultFlowId: 'Flow_Other' });
    expect(graph.flows.Flow_P1!.condition).toBe('priority = "P1"');
    expect(warnings).toEqual([]);
    expect(contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The graph travels in every workflow start: it must survive JSON unchanged.
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  // One case per rejection reason, each naming the element at fault.
  const rejections: Array<[string, string, string, string | undefined]> = [
    [
      'a gateway flow without condition',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" name="Approved?" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
        ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'a', '=ok')}${flow('f2', 'gw', 'b')}`),
      'MISSING_CONDITION',
      'gw',
    ],
    [
      'invalid FEEL in a condition',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" default="f2" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />
        ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'a', '=priority = ')}${flow('f2', 'gw', 'b')}`),
      'INVALID_FEEL',
      'gw',
    ],
    [
      'invalid FEEL in the condition of a gateway’s only flow',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" /><bpmn:endEvent id="a" />
        ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'a', '=priority = ')}`),
      'INVALID_FEEL',
      'gw',
    ],
    [
      'an unsupported element',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:complexGateway id="cx" /><bpmn:endEvent id="e" />${flow('f0', 's', 'cx')}${flow('f1', 'cx', 'e')}`,
      ),
      'UNSUPPORTED_ELEMENT',
      'cx',
    ],
    [
      'a service task without a type',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:serviceTask id="t" /><bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`,
      ),
      'MISSING_TASK_TYPE',
      't',
    ],
    [
      'an unreachable element',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${serviceTask('island')}${flow('f0', 's', 'e')}`),
      'UNREACHABLE_ELEMENT',
      'island',
    ],
    ['no start event', bpmnDocument(`${serviceTask('t')}<bpmn:endEvent id="e" />${flow('f1', 't', 'e')}`), 'NO_START_EVENT', undefined],
    [
      'bad retries',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="x" retries="lots" /></bpmn:extensionElements></bpmn:serviceTask>${flow('f0', 's', 't')}`,
      ),
      'INVALID_RETRIES',
      't',
    ],
    [
      'invalid FEEL in an input mapping',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="x" /><zeebe:ioMapping><zeebe:input source="=a +" target="b" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>${flow('f0', 's', 't')}`,
      ),
      'INVALID_FEEL',
      't',
    ],
    [
      'a timer start event without a duration, date or cycle',
      bpmnDocument(`<bpmn:startEvent id="s"><bpmn:timerEventDefinition /></bpmn:startEvent>`),
      'INVALID_TIMER',
      's',
    ],
  ];

  const nested = (depth: number): string =>
    depth === 0
      ? '<bpmn:startEvent id="deep_s" />'
      : `<bpmn:subProcess id="sub${depth}"><bpmn:startEvent id="s${depth}" />${nested(depth - 1)}</bpmn:subProcess>`;
  rejections.push(
    ['a duplicate id', bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="s" />`), 'DUPLICATE_ID', 's'],
    [
      'a start event with incoming flows',
      bpmnDocument(`<bpmn:startEvent id="s" />${serviceTask('t')}${flow('f0', 's', 't')}${flow('f1', 't', 's')}`),
      'START_WITH_INCOMING',
      's',
    ],
    [
      'an end event with outgoing flows',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${serviceTask('t')}${flow('f0', 's', 'e')}${flow('f1', 'e', 't')}`),
      'END_WITH_OUTGOING',
      'e',
    ],
    [
      'a condition on a parallel gateway flow',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:parallelGateway id="p" /><bpmn:endEvent id="a" /><bpmn:endEvent id="b" />${flow('f0', 's', 'p')}${flow('f1', 'p', 'a', '=x')}${flow('f2', 'p', 'b')}`,
      ),
      'CONDITION_ON_PARALLEL_FLOW',
      'p',
    ],
    [
      'a conditional flow out of a task',
      bpmnDocument(
        `<bpmn:startEvent id="s" />${serviceTask('t')}<bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e', '=x')}`,
      ),
      'UNSUPPORTED_CONDITIONAL_FLOW',
      'f1',
    ],
    [
      'an error end event without an error code',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition /></bpmn:endEvent>${flow('f0', 's', 'e')}`),
      'MISSING_ERROR_CODE',
      'e',
    ],
    [
      'a subprocess without a start event',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:subProcess id="sub"><bpmn:endEvent id="inner" /></bpmn:subProcess>${flow('f0', 's', 'sub')}`,
      ),
      'SUBPROCESS_START_EVENT',
      'sub',
    ],
    [
      'a call activity without a called process',
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:callActivity id="c" />${flow('f0', 's', 'c')}`),
      'MISSING_CALLED_ELEMENT',
      'c',
    ],
    [
      'a business rule task without a decision id',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:businessRuleTask id="b"><bpmn:extensionElements><zeebe:calledDecision resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>${flow('f0', 's', 'b')}`,
      ),
      'MISSING_DECISION_ID',
      'b',
    ],
    [
      'a multi-instance activity without an input collection',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:userTask id="u"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>${flow('f0', 's', 'u')}`,
      ),
      'MISSING_INPUT_COLLECTION',
      'u',
    ],
    [
      'a call activity with a binding type Camunda does not have',
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="x" bindingType="pinned" /></bpmn:extensionElements></bpmn:callActivity>${flow('f0', 's', 'c')}`,
      ),
      'UNSUPPORTED_BINDING',
      'c',
    ],
    ['subprocesses nested too deep', bpmnDocument(`<bpmn:startEvent id="s" />${nested(12)}`), 'TOO_DEEP', 'sub2'],
  );

  it.each(rejections)('rejects %s, naming the element', async (_what, xml, code, elementId) => {
    const problems = await problemsOf(xml);
    const problem = problems.find((p) => p.code === code);
    expect(problem).toBeDefined();
    expect(problem!.elementId).toBe(elementId);
    if (elementId) expect(problem!.message.length).toBeGreaterThan(10);
  });

  it('accepts a valid condition on a gateway’s only flow, and keeps it for the interpreter to evaluate', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" /><bpmn:endEvent id="a" />
        ${flow('f0', 's', 'gw')}${flow('f1', 'gw', 'a', '=priority = "P1"')}`),
    );
    expect(graph.flows.f1!.condition).toBe('priority = "P1"');
  });

  it('names the gateway by name and id in the error message', async () => {
    const xml = rejections[0]![1];
    await expect(compileProcess(xml)).rejects.toThrow(/"Approved\?" \(gw\): outgoing flow f2/);
  });

  it.each([
    ['plain text', 'this is not xml'],
    [
      'a DOCTYPE with an entity',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" />`,
    ],
    ['XML that is not BPMN', '<html><body>hi</body></html>'],
  ])('refuses %s as unparsable', async (_what, xml) => {
    await expect(compileProcess(xml)).rejects.toBeInstanceOf(BpmnParseError);
  });

  it('lints each diagram on its own: compiling the same diagram twice reports no duplicate flows', async () => {
    await compileProcess(incidentXml);
    expect((await compileProcess(incidentXml)).warnings).toEqual([]);
  });

  it('reports lint findings as warnings without refusing', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" />${serviceTask('t')}<bpmn:endEvent id="e" />${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`,
    );
    const { warnings } = await compileProcess(xml);
    expect(warnings.map((w) => w.code)).toContain('lint/no-bpmndi');
    expect(warnings.find((w) => w.code === 'lint/label-required')?.elementId).toBeDefined();
  });

  it('lists at most MAX_WARNINGS_PER_RULE reports of a rule and says how many more there are', async () => {
    const ids = ['s', ...Array.from({ length: 50 }, (_, i) => `t${i}`), 'e'];
    const tasks = ids
      .slice(1, -1)
      .map((id) => serviceTask(id))
      .join('');
    const flows = ids
      .slice(1)
      .map((id, i) => flow(`f${i}`, ids[i]!, id))
      .join('');
    const { warnings } = await compileProcess(bpmnDocument(`<bpmn:startEvent id="s" />${tasks}<bpmn:endEvent id="e" />${flows}`));
    // Every unlabelled node breaks label-required: 52 reports, of which 20 are listed.
    const labels = warnings.filter((w) => w.code === 'lint/label-required');
    expect(labels).toHaveLength(MAX_WARNINGS_PER_RULE + 1);
    expect(labels.slice(0, MAX_WARNINGS_PER_RULE).every((w) => w.elementId)).toBe(true);
    expect(labels[MAX_WARNINGS_PER_RULE]).toEqual({
      code: 'lint/label-required',
      rule: 'label-required',
      message: `${52 - MAX_WARNINGS_PER_RULE} more elements break this rule; they are not listed`,
    });
  });
});
