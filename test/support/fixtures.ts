import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const incidentXml = readFileSync(join(__dirname, '../fixtures/triage-incident.bpmn'), 'utf8');

/** The small triage → resolve incident process (test/fixtures) under a process id of its own, so tests never share versions. */
export function incidentProcess(label = 'incident'): { processId: string; xml: string } {
  const processId = `${label}_${randomUUID().slice(0, 8)}`;
  return { processId, xml: incidentXml.replace(/"incident"/g, `"${processId}"`) };
}

/** start → A → B → end; v2 renames A to A2 and drops B, so an instance waiting at B has nowhere to go. */
export function twoStepProcess(processId: string, version: 1 | 2): string {
  const task = (id: string, incoming: string, outgoing: string) => `
    <bpmn:userTask id="${id}" name="${id}">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements>
      <bpmn:incoming>${incoming}</bpmn:incoming><bpmn:outgoing>${outgoing}</bpmn:outgoing>
    </bpmn:userTask>`;
  const body =
    version === 1
      ? `${task('A', 'f1', 'f2')}${task('B', 'f2', 'f3')}
         <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A" /><bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B" />
         <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="E" />`
      : `${task('A2', 'f1', 'f3')}
         <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A2" /><bpmn:sequenceFlow id="f3" sourceRef="A2" targetRef="E" />`;
  // Drawn too, so the studio's modeler can open it: S, the tasks, E left to right.
  const nodes = version === 1 ? ['S', 'A', 'B', 'E'] : ['S', 'A2', 'E'];
  const x = (i: number) => 100 + i * 160;
  const shapes = nodes
    .map((id, i) => {
      const task = id.startsWith('A') || id === 'B';
      const [w, h, y] = task ? [100, 80, 80] : [36, 36, 102];
      return `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x(i)}" y="${y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
    })
    .join('');
  const flows = (version === 1 ? ['f1', 'f2', 'f3'] : ['f1', 'f3'])
    .map(
      (id, i) =>
        `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${x(i) + 100}" y="120" /><di:waypoint x="${x(i + 1)}" y="120" /></bpmndi:BPMNEdge>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://flowdesk.dev/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${body}
    <bpmn:endEvent id="E"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${processId}">${shapes}${flows}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/**
 * A drawn ticket process: start → Triage → Route → Fix (the priorities in `fixFor`) or Standard (the others) → end.
 * Changing `fixFor` changes the gateway's conditions only, so a what-if knows by construction which tickets diverge;
 * `broken` makes Route a complex gateway, which the compiler refuses (not supported) naming `Route`.
 */
export function routedTicketProcess(processId: string, opts: { fixFor: string[]; broken?: boolean }): string {
  const task = (id: string) =>
    `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="service-desk" /></bpmn:extensionElements></bpmn:userTask>`;
  const isFix = opts.fixFor.map((p) => `priority = &quot;${p}&quot;`).join(' or ');
  const flow = (id: string, from: string, to: string, condition?: string) =>
    condition
      ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  const shape = (id: string, x: number, y: number, w: number, h: number) =>
    `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
  const edge = (id: string, points: Array<[number, number]>) =>
    `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="http://flowdesk.dev/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="S" />${task('Triage')}${opts.broken ? '<bpmn:complexGateway id="Route" />' : '<bpmn:exclusiveGateway id="Route" />'}${task('Fix')}${task('Standard')}<bpmn:endEvent id="E" />
    ${flow('f_in', 'S', 'Triage')}${flow('f_route', 'Triage', 'Route')}
    ${flow('f_fix', 'Route', 'Fix', `=${isFix}`)}${flow('f_std', 'Route', 'Standard', `=not(${isFix})`)}
    ${flow('f_out_fix', 'Fix', 'E')}${flow('f_out_std', 'Standard', 'E')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${processId}">
    ${shape('S', 100, 162, 36, 36)}${shape('Triage', 180, 140, 100, 80)}${shape('Route', 330, 155, 50, 50)}
    ${shape('Fix', 430, 40, 100, 80)}${shape('Standard', 430, 240, 100, 80)}${shape('E', 590, 162, 36, 36)}
    ${edge('f_in', [
      [136, 180],
      [180, 180],
    ])}${edge('f_route', [
      [280, 180],
      [330, 180],
    ])}
    ${edge('f_fix', [
      [355, 155],
      [355, 80],
      [430, 80],
    ])}${edge('f_std', [
      [355, 205],
      [355, 280],
      [430, 280],
    ])}
    ${edge('f_out_fix', [
      [530, 80],
      [608, 80],
      [608, 162],
    ])}${edge('f_out_std', [
      [530, 280],
      [608, 280],
      [608, 198],
    ])}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
