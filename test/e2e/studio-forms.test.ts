import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { dragFromPalette, setCheckbox, setProperty } from '../support/form-editor';
import { screenshotForDocs } from '../support/page-checks';
import { TestSystem } from '../support/test-system';

/**
 * Issue 16, the studio's form editor: Marta opens a diagram whose "Diagnose" task has no form, creates
 * a Camunda form in the form-js editor and checks it in the preview, links it to the task, and deploys
 * diagram and form together. A ticket then starts that process, and the desk renders her form for the
 * task, and completes it with the answers.
 */
describe('browser: the studio designs a task form and deploys it with the process', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `studio_form_${tag}`;
  const formId = `studio-diagnosis-${tag}`;

  const shape = (id: string, x: number, w = 100, h = 80) =>
    `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${h === 36 ? 102 : 80}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
  const edge = (id: string, x1: number, x2: number) =>
    `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${x1}" y="120" /><di:waypoint x="${x2}" y="120" /></bpmndi:BPMNEdge>`;
  const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_${tag}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="Studio form ${tag}" isExecutable="true">
    <bpmn:startEvent id="Start" name="Reported"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Diagnose" name="Diagnose ${tag}">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="FollowUp" name="Follow up ${tag}">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements>
      <bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End" name="Done"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Diagnose" />
    <bpmn:sequenceFlow id="F2" sourceRef="Diagnose" targetRef="FollowUp" />
    <bpmn:sequenceFlow id="F3" sourceRef="FollowUp" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="${processId}">
      ${shape('Start', 152, 36, 36)}${shape('Diagnose', 240)}${shape('FollowUp', 400)}${shape('End', 562, 36, 36)}
      ${edge('F1', 188, 240)}${edge('F2', 340, 400)}${edge('F3', 500, 562)}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'marta');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('creates a form, links it to a task, deploys both, and the desk renders it for the task', async () => {
    // given the studio opened at its form editor, with the diagram whose task has no form
    await page.goto(`${system.url}/processes/forms`);
    // A first visit loads the modeler's and form-js's code: slow on a busy machine.
    await page.locator('.modeler:not(.busy)').waitFor({ timeout: 90_000 });
    await page.getByTestId('forms-panel').getByTestId('no-forms').waitFor();
    await page
      .getByTestId('open-bpmn-input')
      .setInputFiles({ name: `${processId}.bpmn`, mimeType: 'application/xml', buffer: Buffer.from(bpmn) });
    const canvas = page.getByTestId('modeler-canvas');
    await canvas.locator('[data-element-id="Diagnose"]').waitFor();

    // when Marta creates a form with a required fault code, and sees it in the preview
    await page.getByTestId('new-form-id').fill(formId);
    await page.getByTestId('new-form-button').click();
    await page.locator(`[data-testid="studio-form"][data-form-id="${formId}"]`).waitFor();
    const editor = page.getByTestId('form-editor');
    await dragFromPalette(page, editor, 'textfield');
    await setProperty(page, 'label', 'Fault code', true);
    await setProperty(page, 'key', 'faultCode');
    await setCheckbox(page, 'validation', 'required');
    await page.keyboard.press('Tab');
    const preview = page.locator('[data-testid="form-preview"]:not([data-pending])');
    await preview.getByLabel(/Fault code/).waitFor();
    await page.getByTestId('form-preview-check').click();
    await page.getByTestId('form-preview-result').filter({ hasText: 'would be refused' }).waitFor();

    // and links it to the task selected in the diagram
    await page.getByTestId('link-form-button').click();
    await page.getByTestId('forms-status').filter({ hasText: 'Select a user task' }).waitFor();
    await canvas.locator('g.djs-element[data-element-id="Diagnose"]').click();
    await page.getByTestId('link-form-button').click();
    await page
      .getByTestId('forms-status')
      .filter({ hasText: `The task “Diagnose ${tag}” now shows the form “${formId}”.` })
      .waitFor();
    await screenshotForDocs(page, 'studio-forms.png');

    // and deploys: diagram and form in one deployment
    await page.getByTestId('deploy-button').click();
    await page
      .getByTestId('deploy-status')
      .filter({ hasText: `Deployed ${processId} version 1 with form “${formId}” v1` })
      .waitFor({ timeout: 30_000 });
    const listed = (await system.injectAs('marta', { method: 'GET', url: '/process-definitions?limit=100' })).result as {
      items: { id: string; processId: string }[];
    };
    const definition = listed.items.find((d) => d.processId === processId)!;
    const xml = (
      (await system.injectAs('marta', { method: 'GET', url: `/process-definitions/${definition.id}` })).result as { xml: string }
    ).xml;
    expect(xml).toMatch(new RegExp(`<bpmn:userTask id="Diagnose"[\\s\\S]*?<zeebe:formDefinition formId="${formId}" />`));

    // then a ticket starts the process, and the desk shows her form for the task
    const raised = await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title: `Printer jams ${tag}` } });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as { number: string }).number;
    const desk = await signedInPage(browser, system.url, 'tomas');
    try {
      await desk.goto(`${system.url}/desk/tickets/${number}`);
      const panel = desk.getByTestId('desk-task-form').filter({ hasText: `Diagnose ${tag}` });
      const taskForm = panel.getByTestId('task-form');
      await taskForm.locator('.fjs-form').waitFor({ timeout: 30_000 });
      await expect(taskForm.getAttribute('data-form-id')).resolves.toBe(formId);
      await taskForm.getByLabel(/Fault code/).pressSequentially('F-042');
      await panel.getByTestId('complete-task-button').click();
      await eventually(async () => {
        const t = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as {
          work?: { waitingAt: { elementId: string }[] };
        };
        expect(t.work?.waitingAt.map((w) => w.elementId)).toEqual(['FollowUp']);
      });
      const ticket = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as { processInstanceId: string };
      const instance = await system.injectAs('marta', { method: 'GET', url: `/process-instances/${ticket.processInstanceId}` });
      expect((instance.result as { variables: Record<string, unknown> }).variables).toMatchObject({ faultCode: 'F-042' });
    } finally {
      await desk.close();
    }
  });
});
