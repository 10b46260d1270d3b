import type { BpmnValidationError } from '.';
import { compileProcess, compileProcesses, type CompileProblem } from '.';
import { evaluateFeel, stripFeelMarker } from '../feel/feel';
import { bpmnDocument, flow } from './fixtures/make-bpmn';

/** What Camunda 8 deploys that Flowdesk used to refuse, or read differently (issue 16). */
describe('deploy semantics as Camunda 8 has them', () => {
  const mapped = (source: string) =>
    bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="echo" /><zeebe:ioMapping><zeebe:input source="${source}" target="value" /><zeebe:output source="${source}" target="out" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>${flow('f0', 's', 't')}`,
    );

  it.each([
    ['a plain word', 'smtp.example.org', 'smtp.example.org'],
    ['a connector secret placeholder', '{{secrets.SMTP_PASSWORD}}', '{{secrets.SMTP_PASSWORD}}'],
    ['a number (Camunda keeps static values as strings)', '25', '25'],
    ['text with quotes and a backslash', 'say &quot;hi&quot; \\ bye', 'say "hi" \\ bye'],
  ])('reads a mapping source without "=" as a static string: %s', async (_what, source, expected) => {
    const { graph } = await compileProcess(mapped(source));
    const node = graph.elements.t!;
    for (const mapping of [...(node.inputs ?? []), ...(node.outputs ?? [])]) {
      expect(evaluateFeel(stripFeelMarker(mapping.source), {}).value).toBe(expected);
    }
  });

  it('reads a message correlation key without "=" as a static value', async () => {
    const xml = bpmnDocument(`<bpmn:startEvent id="s" /><bpmn:receiveTask id="r" messageRef="m" />${flow('f0', 's', 'r')}`).replace(
      '</bpmn:definitions>',
      '<bpmn:message id="m" name="reply"><bpmn:extensionElements><zeebe:subscription correlationKey="order-1" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>',
    );
    const node = (await compileProcess(xml)).graph.elements.r!;
    const key = node.kind === 'receiveTask' && node.trigger.type === 'message' ? node.trigger.correlationKey : undefined;
    expect(evaluateFeel(key!, { order: 5 }).value).toBe('order-1');
  });

  it('keeps a mapping source with "=" as FEEL', async () => {
    const { graph } = await compileProcess(mapped('=a + 1'));
    expect(graph.elements.t!.inputs).toEqual([{ source: '=a + 1', target: 'value' }]);
  });

  it('deploys every executable process of a file, each with its own id and hash, and skips non-executable ones', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="second" /></bpmn:extensionElements></bpmn:callActivity>${flow('f0', 's', 'c')}`,
      'first',
    ).replace(
      '</bpmn:definitions>',
      '<bpmn:process id="second" isExecutable="true"><bpmn:startEvent id="s2" /></bpmn:process><bpmn:process id="sketch" isExecutable="false"><bpmn:startEvent id="s3" /></bpmn:process></bpmn:definitions>',
    );
    const compiled = await compileProcesses(xml, { deployedProcessIds: new Set() });
    expect(compiled.map((c) => c.graph.processId)).toEqual(['first', 'second']);
    expect(new Set(compiled.map((c) => c.contentHash)).size).toBe(2);
    // The called process is in the same file: nothing to warn about.
    expect(compiled[0]!.warnings.map((w) => w.code)).not.toContain('UNKNOWN_CALLED_PROCESS');
    await expect(compileProcess(xml)).rejects.toThrow(/exactly one executable/);
  });

  it('deploys a call activity to a process not deployed yet, with a warning naming it', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:callActivity id="c"><bpmn:extensionElements><zeebe:calledElement processId="ghost" /></bpmn:extensionElements></bpmn:callActivity>${flow('f0', 's', 'c')}`,
    );
    expect((await compileProcess(xml, { deployedProcessIds: new Set(['ghost']) })).warnings).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ code: 'UNKNOWN_CALLED_PROCESS' })]),
    );
    const { warnings } = await compileProcess(xml, { deployedProcessIds: new Set(['other']) });
    expect(warnings).toContainEqual(
      expect.objectContaining({ elementId: 'c', code: 'UNKNOWN_CALLED_PROCESS', field: 'zeebe:calledElement.processId' }),
    );
  });

  const withDi = (di: string, head = '<?xml version="1.0" encoding="UTF-8"?>') =>
    bpmnDocument('<bpmn:startEvent id="s" />')
      .replace('<?xml version="1.0" encoding="UTF-8"?>', head)
      .replace(
        'xmlns:zeebe=',
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe=',
      )
      .replace('</bpmn:definitions>', `${di}</bpmn:definitions>`);

  it.each([
    [
      'a DI shape of a removed element',
      withDi(
        '<bpmndi:BPMNDiagram id="dd"><bpmndi:BPMNPlane id="pl" bpmnElement="spec_process"><bpmndi:BPMNShape id="sh" bpmnElement="gone"><dc:Bounds x="1" y="1" width="1" height="1" /></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>',
      ),
    ],
    [
      'an unused interface whose operation names a missing message',
      withDi(
        '<bpmn:interface id="i" name="I"><bpmn:operation id="o" name="op"><bpmn:inMessageRef>missing</bpmn:inMessageRef></bpmn:operation></bpmn:interface>',
      ),
    ],
    ['an ISO-8859-1 declaration on ASCII text', withDi('', '<?xml version="1.0" encoding="ISO-8859-1"?>')],
  ])('deploys with a warning: %s', async (_what, xml) => {
    const { warnings } = await compileProcess(xml);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'BPMN_XML_WARNING' }));
  });

  it('still refuses an unresolved reference that execution reads (a message event definition)', async () => {
    const xml = bpmnDocument('<bpmn:startEvent id="s"><bpmn:messageEventDefinition id="m" messageRef="missing" /></bpmn:startEvent>');
    const problems = await compileProcess(xml).then(
      () => [] as CompileProblem[],
      (err: unknown) => (err as BpmnValidationError).problems,
    );
    expect(problems).toContainEqual(expect.objectContaining({ code: 'BPMN_XML_WARNING', elementId: 'm' }));
  });
});
