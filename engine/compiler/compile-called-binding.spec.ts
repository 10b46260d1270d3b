import { compileProcess } from '.';
import { compileDecisions } from '../dmn';
import { dmnDocument } from '../dmn/fixtures/make-dmn';
import { problemsOf } from './fixtures/problems-of';
import { bpmnDocument, flow } from './fixtures/make-bpmn';

const call = (attributes: string) =>
  `<bpmn:startEvent id="s" /><bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="child" ${attributes} /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />${flow('f0', 's', 'c')}${flow('f1', 'c', 'e')}`;
const versionTag = (value: string) => `<bpmn:extensionElements><zeebe:versionTag value="${value}" /></bpmn:extensionElements>`;

describe('binding types and version tags of call activities and decisions (Camunda 8.6)', () => {
  it.each([
    ['no binding type', '', undefined],
    ['latest', 'bindingType="latest"', undefined],
    ['deployment', 'bindingType="deployment"', { type: 'deployment' }],
    ['versionTag', 'bindingType="versionTag" versionTag=" release-7 "', { type: 'versionTag', versionTag: 'release-7' }],
  ])('compiles %s into the call activity', async (_what, attributes, binding) => {
    const { graph } = await compileProcess(bpmnDocument(call(attributes)));
    expect(graph.elements.c).toMatchObject({ kind: 'callActivity', calledProcessId: 'child' });
    if (binding) expect(graph.elements.c).toMatchObject({ binding });
    else expect(graph.elements.c).not.toHaveProperty('binding');
  });

  it.each([
    ['versionTag without a tag', 'bindingType="versionTag"', 'MISSING_VERSION_TAG', 'zeebe:calledElement.versionTag'],
    [
      'a tag too long to store',
      `bindingType="versionTag" versionTag="${'v'.repeat(256)}"`,
      'INVALID_VERSION_TAG',
      'zeebe:calledElement.versionTag',
    ],
    ['an unknown binding type', 'bindingType="newest"', 'UNSUPPORTED_BINDING', 'zeebe:calledElement.bindingType'],
  ])('refuses %s, naming the call activity and the attribute', async (_what, attributes, code, field) => {
    expect(await problemsOf(bpmnDocument(call(attributes)))).toContainEqual(expect.objectContaining({ elementId: 'c', code, field }));
  });

  const ruleTask = (attributes: string) =>
    bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:businessRuleTask id="d"><bpmn:extensionElements><zeebe:calledDecision decisionId="x" resultVariable="r" ${attributes} /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="e" />${flow('f0', 's', 'd')}${flow('f1', 'd', 'e')}`,
    );

  it.each([
    ['versionTag', 'bindingType="versionTag" versionTag="2025-Q1"', { type: 'versionTag', versionTag: '2025-Q1' }],
    ['deployment', 'bindingType="deployment"', { type: 'deployment' }],
  ])('binds a business rule task by %s', async (_what, attributes, binding) => {
    expect((await compileProcess(ruleTask(attributes))).graph.elements.d).toMatchObject({
      kind: 'businessRuleTask',
      decisionId: 'x',
      binding,
    });
  });

  it('binds a business rule task to its decision’s newest version by default', async () => {
    expect((await compileProcess(ruleTask('bindingType="latest"'))).graph.elements.d).not.toHaveProperty('binding');
  });

  it.each([
    ['versionTag without a tag', 'bindingType="versionTag"', 'MISSING_VERSION_TAG', 'zeebe:calledDecision.versionTag'],
    ['an unknown binding type', 'bindingType="pinned"', 'UNSUPPORTED_BINDING', 'zeebe:calledDecision.bindingType'],
  ])('refuses a decision bound by %s, naming the task and the attribute', async (_what, attributes, code, field) => {
    expect(await problemsOf(ruleTask(attributes))).toContainEqual(expect.objectContaining({ elementId: 'd', code, field }));
  });

  it('keeps a decision’s own version tag from its DMN', async () => {
    const dmn = (tag: string) =>
      dmnDocument(
        `<decision id="fee" name="Fee" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"><extensionElements><zeebe:versionTag value="${tag}" /></extensionElements><literalExpression id="fee-e"><text>10</text></literalExpression></decision>`,
      );
    expect((await compileDecisions(dmn(' 2025-Q1 '))).graph.decisions.fee).toMatchObject({ versionTag: '2025-Q1' });
    await expect(compileDecisions(dmn('v'.repeat(256)))).rejects.toMatchObject({
      problems: [expect.objectContaining({ decisionId: 'fee', code: 'INVALID_VERSION_TAG', field: 'zeebe:versionTag' })],
    });
  });

  it('keeps the process’s own version tag, trimmed, and none when it is blank', async () => {
    expect((await compileProcess(bpmnDocument(`${versionTag(' 2.1 ')}${call('')}`))).graph.versionTag).toBe('2.1');
    expect((await compileProcess(bpmnDocument(`${versionTag('  ')}${call('')}`))).graph).not.toHaveProperty('versionTag');
    expect(await problemsOf(bpmnDocument(`${versionTag('v'.repeat(256))}${call('')}`))).toContainEqual(
      expect.objectContaining({ elementId: 'spec_process', code: 'INVALID_VERSION_TAG', field: 'zeebe:versionTag.value' }),
    );
  });
});
