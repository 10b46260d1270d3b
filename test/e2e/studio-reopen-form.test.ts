import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { openGroup } from '../support/form-editor';
import { TestSystem } from '../support/test-system';

/**
 * Issue 16, reopening a deployed form: Marta deploys a diagram with its task form from the studio,
 * comes back later (a new page load: nothing of it is left in the editor), opens the form from the
 * deployed ones, corrects a field's label and deploys again; the form's next version is what the API
 * reads back.
 */
describe('browser: the studio reopens a deployed form and deploys its next version', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `reopen_form_${tag}`;
  const formId = `reopen-diagnosis-${tag}`;

  const form = {
    id: formId,
    type: 'default',
    components: [{ id: 'Field_fault', type: 'textfield', key: 'faultCode', label: 'Fault code' }],
  };
  const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_${tag}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="Reopen form ${tag}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Diagnose" name="Diagnose">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Diagnose" />
    <bpmn:sequenceFlow id="F2" sourceRef="Diagnose" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Diagnose_di" bpmnElement="Diagnose"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="402" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="340" y="120" /><di:waypoint x="402" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true });
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  /** The studio's form editor, ready, with this test's diagram open. */
  const openStudioWithDiagram = async () => {
    await page.goto(`${system.url}/processes/forms`);
    // A first visit loads the modeler's and form-js's code: slow on a busy machine.
    await page.locator('.modeler:not(.busy)').waitFor({ timeout: 90_000 });
    await page
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: `${processId}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(bpmn) });
    await page.getByTestId('modeler-canvas').locator('[data-element-id="Diagnose"]').waitFor();
  };

  /** Clicks Deploy and answers what the studio then says (success or the refusal, so a failure shows it). */
  const deploy = async () => {
    await page.getByTestId('deploy-button').click();
    const status = page.getByTestId('deploy-status');
    // Deploying compiles and stores the diagram and its form: slow on a busy machine.
    await status.filter({ hasNotText: 'Deploying' }).waitFor({ timeout: 90_000 });
    return (await status.textContent()) ?? '';
  };

  it('opens a deployed form from the list, and a changed label deploys as version 2', async () => {
    // given the diagram and its form deployed from the studio
    await openStudioWithDiagram();
    await page
      .getByTestId('open-form-input')
      .setInputFiles({ name: `${formId}.form`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(form)) });
    await page.locator(`[data-testid="studio-form"][data-form-id="${formId}"]`).waitFor();
    expect(await deploy()).toContain(`Deployed ${processId} version 1 with form “${formId}” v1`);

    // when Marta comes back later: the editor holds no form, and the deployed one is offered
    await page.reload();
    await openStudioWithDiagram();
    await page.getByTestId('forms-panel').getByTestId('no-forms').waitFor();
    await page.getByTestId('deployed-form-select').selectOption(formId);
    await page.getByTestId('open-deployed-form-button').click();
    await page
      .getByTestId('forms-status')
      .filter({ hasText: `Opened deployed form “${formId}” v1` })
      .waitFor();
    await page.locator(`[data-testid="studio-form"][data-form-id="${formId}"]`).waitFor();

    // and corrects the field's label in the form editor, and deploys
    const editor = page.getByTestId('form-editor');
    await editor.locator('.fjs-editor-form-root [data-field-type="textfield"]').first().click();
    await editor.locator('.fjs-editor-selected[data-field-type="textfield"]').waitFor();
    // One fill, not keystrokes: each keystroke is a change the editor re-renders its panel for, and on a
    // busy machine the keystrokes after the first can land while it does.
    await openGroup(page, 'general');
    await editor
      .locator('.fjs-properties-container [data-entry-id="label"] [contenteditable="true"]')
      .first()
      .fill('Fault code (on the sticker)');
    await page.keyboard.press('Tab');
    await page
      .locator('[data-testid="form-preview"]:not([data-pending])')
      .getByLabel(/on the sticker/)
      .waitFor();
    expect(await deploy()).toMatch(new RegExp(`Deployed ${processId} version \\d+ with form “${formId}” v2`));

    // then the API reads the form back as version 2, with the new label
    const res = await system.injectAs('marta', { method: 'GET', url: `/form-definitions/${formId}` });
    expect(res.statusCode).toBe(200);
    expect(res.result).toMatchObject({
      formId,
      version: 2,
      schema: { id: formId, components: [expect.objectContaining({ key: 'faultCode', label: 'Fault code (on the sticker)' })] },
    });
    const list = (await system.injectAs('marta', { method: 'GET', url: '/form-definitions' })).result as {
      items: Array<{ formId: string; versions: number[] }>;
    };
    expect(list.items.find((f) => f.formId === formId)?.versions).toEqual([2, 1]);
  });
});
