import { compileProcess } from './compile-process';
import { BpmnValidationError } from './compile-problem';
import { bpmnDocument, flow } from './fixtures/make-bpmn';

const withRoots = (xml: string, ...roots: string[]) => xml.replace('</bpmn:definitions>', `${roots.join('')}</bpmn:definitions>`);

async function problemsOf(xml: string) {
  try {
    await compileProcess(xml);
    return [];
  } catch (err) {
    if (err instanceof BpmnValidationError) return err.problems.map((p) => ({ elementId: p.elementId, code: p.code }));
    throw err;
  }
}

const between = (body: string, extraFlows = '') =>
  bpmnDocument(
    `<bpmn:startEvent id="start" />${body}<bpmn:endEvent id="end" />${flow('f1', 'start', 'e')}${flow('f2', 'e', 'end')}${extraFlows}`,
  );

describe('compiling events', () => {
  it('refuses a literal timer that is not ISO 8601, at deploy time', async () => {
    expect(
      await problemsOf(
        between(
          '<bpmn:intermediateCatchEvent id="e"><bpmn:timerEventDefinition><bpmn:timeDuration>5 minutes</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        ),
      ),
    ).toEqual([{ elementId: 'e', code: 'INVALID_TIMER' }]);
  });

  it('accepts FEEL timers, checking only their syntax', async () => {
    expect(
      await problemsOf(
        between(
          '<bpmn:intermediateCatchEvent id="e"><bpmn:timerEventDefinition><bpmn:timeDate>=deadline</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        ),
      ),
    ).toEqual([]);
    expect(
      await problemsOf(
        between(
          '<bpmn:intermediateCatchEvent id="e"><bpmn:timerEventDefinition><bpmn:timeDate>=deadline +</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        ),
      ),
    ).toEqual([{ elementId: 'e', code: 'INVALID_FEEL' }]);
  });

  it('needs a message name and a correlation key', async () => {
    const catchMessage = '<bpmn:intermediateCatchEvent id="e"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>';
    expect(await problemsOf(withRoots(between(catchMessage), '<bpmn:message id="m" name="reply" />'))).toEqual([
      { elementId: 'e', code: 'MISSING_CORRELATION_KEY' },
    ]);
    expect(await problemsOf(withRoots(between(catchMessage), '<bpmn:message id="m" />'))).toEqual([
      { elementId: 'e', code: 'MISSING_MESSAGE_NAME' },
    ]);
  });

  it('lets an event-based gateway lead only to catch events and receive tasks', async () => {
    const xml = bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="gw" /><bpmn:task id="t" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flow('f0', 'start', 'gw')}${flow('f1', 'gw', 't')}${flow('f2', 'gw', 'wait')}${flow('f3', 't', 'end')}${flow('f4', 'wait', 'end')}`);
    expect(await problemsOf(xml)).toEqual([{ elementId: 'gw', code: 'EVENT_GATEWAY_TARGET' }]);
  });

  it('pairs link events by name within a scope', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="start" /><bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="nowhere" /></bpmn:intermediateThrowEvent>${flow('f0', 'start', 'go')}`,
    );
    expect(await problemsOf(xml)).toEqual([{ elementId: 'go', code: 'LINK_TARGET' }]);
  });

  it('refuses other start event triggers at the process level (conditional starts are not supported)', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="start"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent><bpmn:endEvent id="end" />${flow('f0', 'start', 'end')}`,
    );
    expect(await problemsOf(xml)).toEqual(expect.arrayContaining([{ elementId: 'start', code: 'UNSUPPORTED_ELEMENT' }]));
  });

  it('lists timer start events with their timers, apart from the none start events', async () => {
    const { graph } = await compileProcess(
      bpmnDocument(
        `<bpmn:startEvent id="nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:endEvent id="end" />${flow('f0', 'nightly', 'end')}`,
      ),
    );
    expect(graph.startEventIds).toEqual([]);
    expect(graph.timerStartEvents).toEqual([{ elementId: 'nightly', timer: { kind: 'cycle', expression: 'R/P1D' } }]);
  });

  it('reads an event subprocess trigger and interrupting flag from its start event', async () => {
    const { graph } = await compileProcess(
      withRoots(
        bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:endEvent id="end" />${flow('f0', 'start', 'end')}
          <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="esp_start" isInterrupting="false"><bpmn:signalEventDefinition signalRef="s" /></bpmn:startEvent><bpmn:endEvent id="esp_end" />${flow('e1', 'esp_start', 'esp_end')}</bpmn:subProcess>`),
        '<bpmn:signal id="s" name="freeze" />',
      ),
    );
    expect(graph.elements.esp).toMatchObject({
      kind: 'eventSubProcess',
      startEventId: 'esp_start',
      interrupting: false,
      trigger: { type: 'signal', signalName: 'freeze' },
    });
    expect(graph.startEventIds).toEqual(['start']);
  });
});
