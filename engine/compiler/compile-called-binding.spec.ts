import { compileProcess } from '.';
import { problemsOf } from './fixtures/problems-of';
import { bpmnDocument, flow } from './fixtures/make-bpmn';

const call = (attributes: string) =>
  `<bpmn:startEvent id="s" /><bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="child" ${attributes} /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />${flow('f0', 's', 'c')}${flow('f1', 'c', 'e')}`;
const versionTag = (value: string) => `<bpmn:extensionElements><zeebe:versionTag value="${value}" /></bpmn:extensionElements>`;

describe('call activity binding types and version tags (Camunda 8.6)', () => {
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

  it('keeps refusing a decision bound other than to its latest version', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:businessRuleTask id="d"><bpmn:extensionElements><zeebe:calledDecision decisionId="x" resultVariable="r" bindingType="deployment" /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="e" />${flow('f0', 's', 'd')}${flow('f1', 'd', 'e')}`,
    );
    expect(await problemsOf(xml)).toContainEqual(
      expect.objectContaining({ elementId: 'd', code: 'UNSUPPORTED_BINDING', field: 'zeebe:calledDecision.bindingType' }),
    );
  });

  it('keeps the process’s own version tag, trimmed, and none when it is blank', async () => {
    expect((await compileProcess(bpmnDocument(`${versionTag(' 2.1 ')}${call('')}`))).graph.versionTag).toBe('2.1');
    expect((await compileProcess(bpmnDocument(`${versionTag('  ')}${call('')}`))).graph).not.toHaveProperty('versionTag');
    expect(await problemsOf(bpmnDocument(`${versionTag('v'.repeat(256))}${call('')}`))).toContainEqual(
      expect.objectContaining({ elementId: 'spec_process', code: 'INVALID_VERSION_TAG', field: 'zeebe:versionTag.value' }),
    );
  });
});
