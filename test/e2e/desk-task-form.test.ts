import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/browser';
import { eventually } from '../support/eventually';
import { multipart } from '../support/multipart';
import { TestSystem } from '../support/test-system';

/**
 * Issue 16 at the desk: a ticket whose process waits at a user task with a Camunda form (and no ticket
 * action) shows that form on the ticket's page, rendered by form-js as in operate. The agent fills it,
 * a server refusal shows at its field, good answers complete the task and the process goes on.
 */
describe('browser: a Camunda task form on the desk ticket page', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;
  const tag = randomUUID().slice(0, 8);
  const processId = `desk_form_${tag}`;
  const formId = `desk-diagnosis-${tag}`;
  let number: string;

  const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_${tag}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" name="Desk form ${tag}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Diagnose" name="Diagnose ${tag}">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:formDefinition formId="${formId}" bindingType="deployment" />
        <zeebe:assignmentDefinition candidateGroups="service-desk" />
      </bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="FollowUp" name="Follow up ${tag}">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements>
      <bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Diagnose" />
    <bpmn:sequenceFlow id="F2" sourceRef="Diagnose" targetRef="FollowUp" />
    <bpmn:sequenceFlow id="F3" sourceRef="FollowUp" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
  const form = JSON.stringify({
    id: formId,
    type: 'default',
    schemaVersion: 16,
    components: [
      { id: 'Field_code', key: 'faultCode', label: 'Fault code', type: 'textfield', validate: { required: true, pattern: 'F-[0-9]{3}' } },
      { id: 'Field_notes', key: 'diagnosis', label: 'Diagnosis', type: 'textarea', validate: { required: true } },
    ],
  });

  beforeAll(async () => {
    system = await TestSystem.start({ listen: true, ticketProcessIds: { incident: processId } });
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/deployments',
      ...multipart([
        { name: 'resources', filename: `${processId}.bpmn`, content: bpmn },
        { name: 'resources', filename: `${formId}.form`, content: form },
      ]),
    });
    expect(deployed.statusCode).toBe(200);
    const raised = await system.injectAs('rita', { method: 'POST', url: '/tickets', payload: { title: `Fan noise ${tag}` } });
    expect(raised.statusCode).toBe(201);
    number = (raised.result as { number: string }).number;
    browser = await launchChromium();
    page = await signedInPage(browser, system.url, 'tomas');
  });
  afterAll(async () => {
    await page?.goto('about:blank');
    await browser?.close();
    await system?.close();
  });

  it('renders the form, shows a server refusal at its field, completes the task and the process goes on', async () => {
    await page.goto(`${system.url}/desk/tickets/${number}`);
    const panel = page.getByTestId('desk-task-form').filter({ hasText: `Diagnose ${tag}` });
    const taskForm = panel.getByTestId('task-form');
    await taskForm.locator('.fjs-form').waitFor({ timeout: 30_000 });
    await expect(taskForm.getAttribute('data-form-id')).resolves.toBe(formId);
    await expect(panel.getByTestId('task-variables').count()).resolves.toBe(0);

    const code = taskForm.getByLabel('Fault code');
    const codeField = taskForm.locator('.fjs-form-field', { has: page.getByLabel('Fault code') });
    await taskForm.getByLabel('Diagnosis').pressSequentially(`Dusty fan ${tag}`);
    // form-js finds the pattern anywhere in the answer; the server wants all of it to fit and names the field.
    await code.pressSequentially('F-1234');
    await panel.getByTestId('complete-task-button').click();
    await panel.getByTestId('task-error').locator('[data-code="INVALID_FORM_ANSWERS"]').waitFor({ timeout: 20_000 });
    await codeField.locator('.fjs-form-field-error', { hasText: 'The server refused this answer' }).waitFor();

    await code.fill('');
    await code.pressSequentially('F-123');
    await panel.getByTestId('complete-task-button').click();
    // The process goes on: the ticket now waits at the follow-up, and the form is gone.
    await eventually(async () => {
      const t = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as {
        work?: { waitingAt: { elementId: string }[] };
      };
      expect(t.work?.waitingAt.map((w) => w.elementId)).toEqual(['FollowUp']);
    });
    await page.getByTestId('desk-task-form').first().waitFor({ state: 'detached', timeout: 30_000 });
    const ticket = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as { processInstanceId: string };
    const instance = await system.injectAs('marta', { method: 'GET', url: `/process-instances/${ticket.processInstanceId}` });
    expect((instance.result as { variables: Record<string, unknown> }).variables).toMatchObject({
      faultCode: 'F-123',
      diagnosis: `Dusty fan ${tag}`,
    });
  });
});
