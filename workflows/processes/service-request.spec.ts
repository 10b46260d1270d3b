import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProcess } from '../../engine/compiler/compile-process';

const xml = readFileSync(join(__dirname, 'service-request.bpmn'), 'utf8');

describe('the service-request process (service-request.bpmn)', () => {
  it('compiles: manager or group approval, a cost approval above the threshold, parallel fulfilment', async () => {
    const compiled = await compileProcess(xml);
    expect(compiled.warnings).toEqual([]);
    const { elements } = compiled.graph;
    expect(elements.ManagerApproval).toMatchObject({ kind: 'userTask', properties: { approval: 'manager' } });
    expect(elements.GroupApproval).toMatchObject({ kind: 'userTask', properties: { approval: 'group' } });
    expect(elements.CostApproval).toMatchObject({ kind: 'userTask', properties: { approval: 'cost' } });
    expect(elements.FindManager).toMatchObject({ kind: 'serviceTask' });
    expect(elements.Approvals).toBeUndefined();
    // A work order opened from the request (an installation on site) completes this task when it closes.
    expect(elements.ProvideItem).toMatchObject({ kind: 'userTask', properties: { 'work-order.completes': 'true' } });
    expect(elements.SetUpAccess?.properties?.['work-order.completes']).toBeUndefined();
  });

  it('auto-decides a cost approval nobody decided in 10 days: interrupting timer, rejected with a reason, audited', async () => {
    const { graph } = await compileProcess(xml);
    const { elements } = graph;
    expect(elements.CostApprovalTimeout).toMatchObject({ kind: 'boundaryEvent', attachedToId: 'CostApproval', cancelActivity: true });
    expect(elements.AutoRejectCost).toMatchObject({ kind: 'scriptTask' });
    expect(elements.RecordAutoReject).toMatchObject({ kind: 'serviceTask' });
  });
});
