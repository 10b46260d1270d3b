import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProcess } from '../../engine/compiler/compile-process';

const xml = readFileSync(join(__dirname, 'change.bpmn'), 'utf8');

describe('the change process (change.bpmn)', () => {
  it('compiles: type gateway, risk table, CAB and ECAB approvals with their quorum, reminder and timeout', async () => {
    const compiled = await compileProcess(xml);
    expect(compiled.warnings).toEqual([]);
    const { elements } = compiled.graph;
    expect(elements.CabApproval).toMatchObject({
      kind: 'userTask',
      properties: { approval: 'cab' },
      multiInstance: { inputCollection: 'cabMembers', inputElement: 'approver' },
    });
    expect(elements.CabApproval!.multiInstance!.completionCondition).toContain('approvalCount * 2 > numberOfInstances');
    expect(elements.EcabApproval).toMatchObject({ properties: { approval: 'ecab' } });
    expect(elements.EscalatedApproval).toMatchObject({ properties: { approval: 'escalation' } });
    expect(elements.Implement).toMatchObject({ properties: { 'ticket.actions': 'implement' } });
    expect(elements.PostImplementationReview).toMatchObject({ properties: { 'ticket.actions': 'review' } });
  });
});
