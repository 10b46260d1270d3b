import { compileProcess } from './compile-process';
import { BpmnValidationError } from './compile-problem';
import { bpmnDocument, flow, serviceTask } from './fixtures/make-bpmn';

async function problemsOf(xml: string) {
  try {
    await compileProcess(xml);
    return [];
  } catch (err) {
    if (err instanceof BpmnValidationError) return err.problems.map((p) => ({ elementId: p.elementId, code: p.code, message: p.message }));
    throw err;
  }
}
const codes = async (xml: string) => (await problemsOf(xml)).map(({ elementId, code }) => ({ elementId, code }));

const handler = (id: string, extra = '') =>
  `<bpmn:serviceTask id="${id}" isForCompensation="true"${extra}><bpmn:extensionElements><zeebe:taskDefinition type="undo" /></bpmn:extensionElements></bpmn:serviceTask>`;
const compensationBoundary = (id: string, attachedTo: string) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>`;
const association = (from: string, to: string) =>
  `<bpmn:association id="as_${from}_${to}" associationDirection="One" sourceRef="${from}" targetRef="${to}" />`;
const throwing = (id: string, attributes = '') =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:compensateEventDefinition${attributes} /></bpmn:intermediateThrowEvent>`;

/** start → book (compensated by `cancel`) → undo (a compensation throw) → end, plus `extra` elements. */
const saga = (
  extra = '',
  undo = throwing('undo'),
  wiring = `${compensationBoundary('comp', 'book')}${handler('cancel')}${association('comp', 'cancel')}`,
) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" />${serviceTask('book')}${wiring}${undo}<bpmn:endEvent id="end" />${flow('f1', 'start', 'book')}${flow('f2', 'book', 'undo')}${flow('f3', 'undo', 'end')}${extra}`,
  );

describe('compiling compensation', () => {
  it('ties a compensation boundary event to the handler its association points to', async () => {
    const { graph } = await compileProcess(saga('', throwing('undo', ' activityRef="book"')));
    expect(graph.elements.comp).toMatchObject({
      kind: 'boundaryEvent',
      attachedToId: 'book',
      cancelActivity: false,
      trigger: { type: 'compensation', handlerId: 'cancel' },
    });
    expect(graph.elements.cancel).toMatchObject({ kind: 'serviceTask', forCompensation: true, incoming: [], outgoing: [] });
    expect(graph.elements.undo).toMatchObject({ kind: 'intermediateThrowEvent', result: { type: 'compensation', activityRef: 'book' } });
  });

  it('compiles a compensation end event, and a multi-instance activity with a multi-instance handler', async () => {
    const loop =
      '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=rooms" inputElement="room" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>';
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:serviceTask id="book">${loop}<bpmn:extensionElements><zeebe:taskDefinition type="book" /></bpmn:extensionElements></bpmn:serviceTask>
      ${compensationBoundary('comp', 'book')}<bpmn:serviceTask id="cancel" isForCompensation="true">${loop}<bpmn:extensionElements><zeebe:taskDefinition type="undo" /></bpmn:extensionElements></bpmn:serviceTask>${association('comp', 'cancel')}
      <bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>${flow('f1', 'start', 'book')}${flow('f2', 'book', 'end')}`);
    const { graph } = await compileProcess(xml);
    expect(graph.elements.end).toMatchObject({ kind: 'endEvent', result: { type: 'compensation' } });
    expect(graph.elements.cancel).toMatchObject({ forCompensation: true, multiInstance: { inputCollection: 'rooms' } });
  });

  it('refuses a compensation boundary event without an association to a handler', async () => {
    const problems = await problemsOf(saga('', throwing('undo'), compensationBoundary('comp', 'book')));
    expect(problems).toEqual([
      {
        elementId: 'comp',
        code: 'COMPENSATION_WITHOUT_HANDLER',
        message: expect.stringContaining('needs an association to its compensation handler'),
      },
    ]);
  });

  it('refuses an association to an activity that is not marked as a compensation handler', async () => {
    const problems = await problemsOf(
      saga('', throwing('undo'), `${compensationBoundary('comp', 'book')}${serviceTask('cancel')}${association('comp', 'cancel')}`),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          elementId: 'comp',
          code: 'COMPENSATION_WITHOUT_HANDLER',
          message: expect.stringContaining('cancel, which is not marked as a compensation handler'),
        },
      ]),
    );
  });

  it('refuses a compensation handler that no compensation boundary event is associated with', async () => {
    expect(await codes(saga('', throwing('undo'), handler('cancel')))).toEqual([
      { elementId: 'cancel', code: 'COMPENSATION_HANDLER_WITHOUT_BOUNDARY' },
    ]);
  });

  it('refuses a compensation handler with sequence flows or boundary events', async () => {
    const withFlow = saga(flow('f9', 'cancel', 'end'));
    expect(await codes(withFlow)).toEqual([{ elementId: 'cancel', code: 'COMPENSATION_HANDLER_FLOWS' }]);
    const withBoundary = saga(
      '<bpmn:boundaryEvent id="late" attachedToRef="cancel"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
    );
    expect(await codes(withBoundary)).toEqual([{ elementId: 'cancel', code: 'COMPENSATION_HANDLER_BOUNDARY' }]);
  });

  it('refuses one handler shared by two compensation boundary events', async () => {
    const xml = saga(
      `${serviceTask('pay')}${compensationBoundary('comp_pay', 'pay')}${association('comp_pay', 'cancel')}${flow('f8', 'start', 'pay')}${flow('f9', 'pay', 'end')}`,
    );
    expect(await codes(xml)).toEqual([{ elementId: 'cancel', code: 'COMPENSATION_HANDLER_SHARED' }]);
  });

  it('refuses a second compensation boundary event on the same activity', async () => {
    const xml = saga(`${compensationBoundary('comp2', 'book')}${handler('cancel2')}${association('comp2', 'cancel2')}`);
    expect(await codes(xml)).toEqual([{ elementId: 'comp2', code: 'MULTIPLE_COMPENSATION_BOUNDARIES' }]);
  });

  it('refuses outgoing sequence flows on a compensation boundary event', async () => {
    expect(await codes(saga(flow('f9', 'comp', 'end')))).toEqual([{ elementId: 'comp', code: 'COMPENSATION_BOUNDARY_FLOWS' }]);
  });

  it('refuses a handler outside the subprocess of the activity it compensates', async () => {
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" /><bpmn:subProcess id="sub"><bpmn:startEvent id="s_start" />${serviceTask('book')}${compensationBoundary('comp', 'book')}<bpmn:endEvent id="s_end" />
      ${flow('s1', 's_start', 'book')}${flow('s2', 'book', 's_end')}${association('comp', 'cancel')}</bpmn:subProcess>${handler('cancel')}${throwing('undo')}<bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'sub')}${flow('f2', 'sub', 'undo')}${flow('f3', 'undo', 'end')}`);
    expect(await codes(xml)).toEqual([{ elementId: 'cancel', code: 'COMPENSATION_HANDLER_SCOPE' }]);
  });

  it('refuses an activityRef outside the scope of the throw event, naming both scopes', async () => {
    const xml =
      bpmnDocument(`<bpmn:startEvent id="start" />${serviceTask('book')}${compensationBoundary('comp', 'book')}${handler('cancel')}${association('comp', 'cancel')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="s_start" />${throwing('undo', ' activityRef="book"')}<bpmn:endEvent id="s_end" />${flow('s1', 's_start', 'undo')}${flow('s2', 'undo', 's_end')}</bpmn:subProcess>
      <bpmn:endEvent id="end" />${flow('f1', 'start', 'book')}${flow('f2', 'book', 'sub')}${flow('f3', 'sub', 'end')}`);
    expect(await problemsOf(xml)).toEqual([
      {
        elementId: 'undo',
        code: 'COMPENSATION_ACTIVITY_REF',
        message:
          'activityRef "book" is at the process level, but this event compensates subprocess sub; it can only name an activity of its own scope',
      },
    ]);
  });

  it('lets a compensation event inside an event subprocess name an activity of the scope around it', async () => {
    const xml =
      saga(`<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="esp_start"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:endEvent id="esp_end"><bpmn:compensateEventDefinition activityRef="book" /></bpmn:endEvent>${flow('e1', 'esp_start', 'esp_end')}</bpmn:subProcess>`);
    expect(await codes(xml)).toEqual([]);
  });

  it('refuses an activityRef to an activity without a compensation boundary event, or to no activity at all', async () => {
    const noBoundary = saga(
      `${serviceTask('notify')}${throwing('undo2', ' activityRef="notify"')}${flow('f8', 'start', 'notify')}${flow('f9', 'notify', 'undo2')}`,
    );
    expect(await problemsOf(noBoundary)).toEqual([
      {
        elementId: 'undo2',
        code: 'COMPENSATION_ACTIVITY_REF',
        message: 'activityRef "notify" has no compensation boundary event, so there is nothing to compensate',
      },
    ]);
    expect(await codes(saga('', throwing('undo', ' activityRef="end"')))).toEqual([
      { elementId: 'undo', code: 'COMPENSATION_ACTIVITY_REF' },
    ]);
  });

  it('refuses an activityRef that names no element', async () => {
    const problems = await problemsOf(saga('', throwing('undo', ' activityRef="nowhere"')));
    expect(problems).toEqual([{ elementId: 'undo', code: 'BPMN_XML_WARNING', message: 'unresolved reference <nowhere> (activityRef)' }]);
  });

  it('refuses waitForCompletion="false" rather than ignoring it', async () => {
    expect(await codes(saga('', throwing('undo', ' waitForCompletion="false"')))).toEqual([
      { elementId: 'undo', code: 'UNSUPPORTED_ATTRIBUTE' },
    ]);
  });

  it('refuses a compensation event subprocess with the reason and the way out', async () => {
    const xml = saga(
      `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="esp_start"><bpmn:compensateEventDefinition /></bpmn:startEvent><bpmn:endEvent id="esp_end" />${flow('e1', 'esp_start', 'esp_end')}</bpmn:subProcess>`,
    );
    expect(await problemsOf(xml)).toEqual(
      expect.arrayContaining([
        {
          elementId: 'esp_start',
          code: 'UNSUPPORTED_ELEMENT',
          message: expect.stringContaining('compensation event subprocesses are not supported: attach a compensation boundary event'),
        },
      ]),
    );
  });
});
