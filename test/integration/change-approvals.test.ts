// Over 300 lines because it plays every path of the change process, and its approvals, on one started system.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Approval } from '../../service-catalog/approvals/domain/approval.entity';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { GroupService } from '../../service-catalog/identity/domain/group-service';
import { UserService } from '../../service-catalog/identity/domain/user-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

interface ApprovalView {
  id: string;
  taskId: string;
  purpose: string;
  state: string;
  approver: string | null;
  approverGroup: string | null;
  delegatedFrom: string | null;
  decidedBy: string | null;
  ticket: { number: string; risk: string | null } | null;
  conflicts: { overlapping: Array<{ number: string }>; blackouts: Array<{ name: string }> } | null;
}
interface ChangeView {
  number: string;
  state: string;
  risk: string | null;
  resolutionCode: string | null;
  processInstanceId: string;
}

const HOUR = 3_600_000;

/**
 * The change process (workflows/processes/change.bpmn, under a process id of its own and with its own
 * CAB, ECAB and change-manager groups) through the API: CAB approvals with their quorum, rejection,
 * delegation, the ECAB fast path, a standard change, conflicts and blackouts, the approval timeout.
 */
describe('the change process and its approvals', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `change_${tag}`;
  const cab = `cab-${tag}`;
  const ecab = `ecab-${tag}`;
  const managers = `chm-${tag}`;
  const password = 'change-test-pass-1';
  const user = (name: string) => `${name}-${tag}`;
  const base = Date.parse('2031-03-03T08:00:00Z') + Math.floor(Math.random() * 1000) * 24 * HOUR;
  let serviceSeq = 0;
  const service = () => `svc-${tag}-${++serviceSeq}`;
  const diagram = () =>
    readFileSync(repoFile('workflows/processes/change.bpmn'), 'utf8')
      .replace(/"change"/g, `"${processId}"`)
      .replace('<zeebe:header key="group" value="cab" />', `<zeebe:header key="group" value="${cab}" />`)
      .replace('<zeebe:header key="group" value="ecab" />', `<zeebe:header key="group" value="${ecab}" />`)
      .replace(/change-managers/g, managers);
  const deploy = async (xml: string) =>
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { change: processId } });
    const em = system.adminEm();
    const actor = systemActor('change test');
    const groups = new GroupService(em);
    const ids: Record<string, string> = {};
    for (const key of [cab, ecab, managers]) ids[key] = (await groups.create(actor, { key, name: key })).id;
    const directory = new UserService(em);
    for (const [name, memberOf] of [
      ['ada', [cab, ecab]],
      ['ben', [cab]],
      ['cy', [cab]],
      ['dora', []],
      ['max', [managers]],
    ] as const) {
      await directory.create(actor, {
        username: user(name),
        displayName: name,
        email: `${user(name)}@flowdesk.example`,
        password,
        roles: ['agent'],
        groupIds: memberOf.map((k) => ids[k]!),
      } as Parameters<UserService['create']>[1]);
      await system.tokenFor(user(name), password);
    }
    const dmn = readFileSync(repoFile('workflows/decisions/change-risk.dmn'), 'utf8');
    expect(
      (await system.injectAs('marta', { method: 'POST', url: '/decision-definitions', payload: { xml: dmn } })).statusCode,
    ).toBeLessThan(300);
    await deploy(diagram());
  });
  afterAll(async () => {
    await system?.close();
  });

  const get = async (number: string) => (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as ChangeView;
  const inState = (number: string, state: string) =>
    eventually(async () => {
      const t = await get(number);
      if (t.state !== state) throw new Error(`${number} is ${t.state}, not ${state}`);
      return t;
    }, 90_000);
  // Tickets name services of the catalog (issue 18): each one a test uses exists first, as the provider's own.
  const created = new Set<string>();
  const ensureService = async (name: string) => {
    if (created.has(name)) return;
    const res = await system.injectAs('marta', { method: 'POST', url: '/services', payload: { name, kind: 'technical' } });
    expect(res.statusCode).toBe(201);
    created.add(name);
  };
  const raise = async (fields: { service?: string } & Record<string, unknown>, window: [number, number] = [0, 2]) => {
    if (fields.service) await ensureService(fields.service);
    const res = await system.injectAs('marta', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'change',
        title: `Change ${tag}`,
        description: 'details',
        changeType: 'normal',
        implementationPlan: 'Do it',
        backoutPlan: 'Undo it',
        testPlan: 'Check it',
        plannedStartAt: new Date(base + window[0] * HOUR).toISOString(),
        plannedEndAt: new Date(base + window[1] * HOUR).toISOString(),
        ...fields,
      },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as ChangeView).number;
  };
  const approvalsOf = async (number: string) =>
    ((await system.injectAs('admin', { method: 'GET', url: `/approvals?ticket=${number}&limit=50` })).result as { items: ApprovalView[] })
      .items;
  const pendingApprovals = (number: string, count: number) =>
    eventually(async () => {
      const pending = (await approvalsOf(number)).filter((a) => a.state === 'pending');
      if (pending.length !== count) throw new Error(`${number} has ${pending.length} pending approvals, not ${count}`);
      return pending.sort((a, b) => (a.approver ?? '').localeCompare(b.approver ?? ''));
    }, 90_000);
  const decide = (who: string, id: string, what: 'approve' | 'reject' | 'delegate', payload: object = {}) =>
    system.injectAs(user(who), { method: 'POST', url: `/approvals/${id}/${what}`, payload });
  const trail = async (entity: string, ids: string[]) =>
    (await system.adminEm().find(AuditLog, { entity, entityId: { $in: ids } }, { orderBy: { id: 'asc' } })).map((a) => ({
      action: a.action,
      actor: a.actorName,
      after: a.after,
    }));

  it('a high-risk change with three CAB members ends rejected when one rejects; the open approval is withdrawn', async () => {
    const number = await raise({ service: service(), impact: 'high', likelihood: 'high' });
    const [ada, ben, cy] = await pendingApprovals(number, 3);
    expect([ada!.approver, ben!.approver, cy!.approver]).toEqual([user('ada'), user('ben'), user('cy')]);
    expect(ada!.ticket).toMatchObject({ number, risk: 'high' });
    expect((await get(number)).state).toBe('awaiting_approval');

    // The approver's inbox holds it; nobody else may decide it, and the bare task route refuses it.
    const inbox = (await system.injectAs(user('ada'), { method: 'GET', url: '/approvals?mine=true&state=pending' })).result as {
      items: ApprovalView[];
    };
    expect(inbox.items.map((a) => a.id)).toContain(ada!.id);
    expect((await decide('ben', ada!.id, 'approve')).statusCode).toBe(403);
    const bare = await system.injectAs('admin', { method: 'POST', url: `/tasks/${ada!.taskId}/complete`, payload: { variables: {} } });
    expect(bare.statusCode).toBe(409);
    expect((bare.result as { message: string }).message).toMatch(/is an approval/);
    expect((await decide('ben', ben!.id, 'reject')).statusCode).toBe(400); // a rejection says why

    expect((await decide('ada', ada!.id, 'approve', { comment: 'Fine by me' })).statusCode).toBe(200);
    const rejected = await decide('ben', ben!.id, 'reject', { comment: 'Not during the audit' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.result).toMatchObject({ state: 'rejected', decidedBy: user('ben') });
    await inState(number, 'rejected');
    await eventually(async () => expect((await approvalsOf(number)).find((a) => a.id === cy!.id)?.state).toBe('withdrawn'), 60_000);
    const late = await decide('cy', cy!.id, 'approve');
    expect(late.statusCode).toBe(409);
    const audit = await trail('Approval', [ada!.id, ben!.id, cy!.id]);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['approval.requested', 'approval.approved', 'approval.rejected', 'approval.withdrawn']),
    );
    expect(audit.find((a) => a.action === 'approval.rejected')).toMatchObject({
      actor: user('ben'),
      after: { comment: 'Not during the audit' },
    });
  });

  it('a medium-risk change is approved by a majority on the second approval; the third is withdrawn; then implemented', async () => {
    const number = await raise({ service: service(), impact: 'medium', likelihood: 'medium' });
    const [ada, ben, cy] = await pendingApprovals(number, 3);
    expect(ada!.ticket?.risk).toBe('medium');
    expect((await decide('ada', ada!.id, 'approve')).statusCode).toBe(200);
    // One of three is no majority: the change still waits, and the others are still pending.
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(number)).state).toBe('awaiting_approval');
    expect((await decide('cy', cy!.id, 'approve')).statusCode).toBe(200);
    const scheduled = await inState(number, 'scheduled');
    await eventually(async () => expect((await approvalsOf(number)).find((a) => a.id === ben!.id)?.state).toBe('withdrawn'), 60_000);
    const third = await decide('ben', ben!.id, 'approve');
    expect(third.statusCode).toBe(409);

    const implemented = await system.injectAs('marta', {
      method: 'POST',
      url: `/tickets/${number}/actions/implement`,
      payload: { closingCode: 'successful', notes: 'Rolled out in the window' },
    });
    expect(implemented.statusCode).toBe(200);
    const closed = await inState(number, 'closed');
    expect(closed.resolutionCode).toBe('successful');
    await system.client.workflow.getHandle(scheduled.processInstanceId).result();
    await recordHistoryIfAsked(system, scheduled.processInstanceId, 'change_majority_approved');
  });

  it('a delegated approval is decided by the delegate from their inbox, and the hand-over is audited', async () => {
    const number = await raise({ service: service(), impact: 'low', likelihood: 'low' });
    const [ada] = await pendingApprovals(number, 3);
    // Its first mail going out is bookkeeping, not a change: the version a delegation checks stays as it
    // was read. (It used to be bumped, so a delegation racing the mail, as under load, got a 409.)
    const mailed = await eventually(async () => {
      const row = await system.adminEm().fork().findOneOrFail(Approval, { id: ada!.id });
      if (!row.mailedAt) throw new Error('not mailed yet');
      return row;
    }, 60_000);
    expect(mailed.version).toBe(1);
    expect((await decide('ada', ada!.id, 'delegate', { to: 'nobody-at-all' })).statusCode).toBe(400);
    const delegated = await decide('ada', ada!.id, 'delegate', { to: user('dora'), comment: 'On leave this week' });
    expect(delegated.statusCode).toBe(200);
    expect(delegated.result).toMatchObject({ approver: user('dora'), delegatedFrom: user('ada'), state: 'pending' });
    expect((await decide('ada', ada!.id, 'approve')).statusCode).toBe(403);
    const inbox = (await system.injectAs(user('dora'), { method: 'GET', url: '/approvals?mine=true&state=pending' })).result as {
      items: ApprovalView[];
    };
    expect(inbox.items.map((a) => a.id)).toEqual([ada!.id]);
    const approved = await decide('dora', ada!.id, 'approve', { comment: 'Approved for Ada' });
    expect(approved.statusCode).toBe(200);
    // Low risk: any one approval is enough.
    await inState(number, 'scheduled');
    const audit = await trail('Approval', [ada!.id]);
    expect(audit.find((a) => a.action === 'approval.delegated')).toMatchObject({
      actor: user('ada'),
      after: { approver: user('dora'), comment: 'On leave this week' },
    });
    expect(audit.find((a) => a.action === 'approval.approved')).toMatchObject({ actor: user('dora') });
  });

  it('a standard change skips the CAB; a failed one goes through a post-implementation review; its requester is asked', async () => {
    const requester = (await system.injectAs('marta', { method: 'GET', url: '/me' })).result as { id: string; email: string };
    const number = await raise({
      service: service(),
      changeType: 'standard',
      changeTemplate: 'Patch a web server',
      callerId: requester.id,
    });
    await inState(number, 'scheduled');
    expect(await approvalsOf(number)).toEqual([]);
    const done = await system.injectAs('marta', {
      method: 'POST',
      url: `/tickets/${number}/actions/implement`,
      payload: { closingCode: 'backed_out', notes: 'Service did not start; backed out' },
    });
    expect(done.statusCode).toBe(200);
    await inState(number, 'review');
    const reviewed = await system.injectAs('marta', {
      method: 'POST',
      url: `/tickets/${number}/actions/review`,
      payload: { findings: 'The package had a wrong dependency' },
    });
    expect(reviewed.statusCode).toBe(200);
    expect((await inState(number, 'closed')).resolutionCode).toBe('backed_out');
    // Issue 20: once closed, the change's requester gets the satisfaction survey with one-click score links.
    const survey = await eventually(async () => {
      const found = system.mail.sink!.messages.find((m) => m.subject.includes(`[${number}] How did we do?`));
      if (!found) throw new Error('no survey mail yet');
      return found;
    }, 60_000);
    expect(survey.to).toBe(requester.email);
    expect([...survey.text.matchAll(/^(\d) [a-z ]+: \S+\/portal\/survey\/\S+$/gm)].map((m) => Number(m[1]))).toEqual([5, 4, 3, 2, 1]);
    // A standard change needs its template.
    const bare = await system.injectAs('marta', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'change', title: 'No template', changeType: 'standard' },
    });
    expect(bare.statusCode).toBe(400);
  });

  it('flags a change that overlaps another on the same service, and one inside a blackout window, before approval', async () => {
    const shared = service();
    const first = await raise({ service: shared, impact: 'low', likelihood: 'low' }, [10, 14]);
    await pendingApprovals(first, 3);
    const second = await raise({ affectedServices: [shared.toUpperCase()], impact: 'low', likelihood: 'low' }, [12, 16]);
    const blackout = await system.injectAs('marta', {
      method: 'POST',
      url: '/change-blackouts',
      payload: {
        name: `Quarter close ${tag}`,
        startsAt: new Date(base + 40 * HOUR).toISOString(),
        endsAt: new Date(base + 48 * HOUR).toISOString(),
        services: [`frozen-${tag}`],
      },
    });
    expect(blackout.statusCode).toBe(201);
    const frozen = await raise({ service: `frozen-${tag}`, impact: 'low', likelihood: 'low' }, [46, 50]);
    // A standard change that conflicts is not pre-approved: it goes to the CAB.
    const standard = await raise({ service: `frozen-${tag}`, changeType: 'standard', changeTemplate: 'Patch' }, [41, 42]);

    const [toSecond] = await pendingApprovals(second, 3);
    expect(toSecond!.conflicts!.overlapping.map((c) => c.number)).toEqual([first]);
    expect(toSecond!.conflicts!.blackouts).toEqual([]);
    const [toFrozen] = await pendingApprovals(frozen, 3);
    expect(toFrozen!.conflicts!.blackouts.map((b) => b.name)).toEqual([`Quarter close ${tag}`]);
    await pendingApprovals(standard, 3);

    const report = await system.injectAs('tomas', { method: 'GET', url: `/changes/${second}/conflicts` });
    expect(report.result).toMatchObject({ number: second, conflicting: true, conflicts: { overlapping: [{ number: first }] } });
    const calendar = await system.injectAs('tomas', {
      method: 'GET',
      url: `/changes/calendar?from=${new Date(base).toISOString()}&to=${new Date(base + 24 * HOUR).toISOString()}&service=${shared}`,
    });
    expect((calendar.result as { items: Array<{ number: string }> }).items.map((c) => c.number)).toEqual([first, second]);
    const wrong = await system.injectAs('tomas', { method: 'GET', url: `/changes/calendar?from=${new Date(base).toISOString()}` });
    expect(wrong.statusCode).toBe(400);
    expect((await system.injectAs('tomas', { method: 'POST', url: '/change-blackouts', payload: { name: 'x' } })).statusCode).toBe(403);
  });

  it('an emergency change takes the ECAB fast path: one ECAB approval schedules it', async () => {
    const number = await raise({ service: service(), changeType: 'emergency', impact: 'high' });
    const [only] = await pendingApprovals(number, 1);
    expect(only).toMatchObject({ purpose: 'ecab', approver: user('ada') });
    expect((await decide('ada', only!.id, 'approve')).statusCode).toBe(200);
    await inState(number, 'scheduled');
  });

  it('an approval the CAB does not decide in time escalates to the change managers, whose decision counts', async () => {
    await deploy(
      diagram()
        .replace(
          '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/P1D</bpmn:timeCycle>',
          '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/PT1S</bpmn:timeCycle>',
        )
        .replace(
          '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration>',
          '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT3S</bpmn:timeDuration>',
        ),
    );
    const number = await raise({ service: service(), impact: 'high', likelihood: 'high' });
    const cabTasks = await pendingApprovals(number, 3);
    const [escalation] = await eventually(async () => {
      const found = (await approvalsOf(number)).filter((a) => a.purpose === 'escalation' && a.state === 'pending');
      if (!found.length) throw new Error('no escalation yet');
      return found;
    }, 90_000);
    expect(escalation).toMatchObject({ approverGroup: managers, approver: null });
    // The CAB was reminded once, and the change managers were told of the escalation, by mail.
    const mails = () => system.mail.sink!.messages.filter((m) => m.subject.includes(`[${number}]`));
    await eventually(() => {
      expect(
        mails()
          .filter((m) => /approval is awaited/.test(m.subject))
          .flatMap((m) => m.to),
      ).toEqual(expect.arrayContaining([`${user('ada')}@flowdesk.example`, `${user('ben')}@flowdesk.example`]));
      expect(
        mails()
          .filter((m) => /Approval overdue/.test(m.subject))
          .flatMap((m) => m.to),
      ).toEqual([`${user('max')}@flowdesk.example`]);
    }, 60_000);
    const states = new Map((await approvalsOf(number)).map((a) => [a.id, a.state]));
    expect(cabTasks.map((a) => states.get(a.id))).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
    const maxInbox = (await system.injectAs(user('max'), { method: 'GET', url: '/approvals?mine=true&state=pending' })).result as {
      items: ApprovalView[];
    };
    expect(maxInbox.items.map((a) => a.id)).toEqual([escalation!.id]);
    expect((await decide('max', escalation!.id, 'reject', { comment: 'Too risky without the CAB' })).statusCode).toBe(200);
    await inState(number, 'rejected');
    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    expect(row.closedAt).not.toBeNull();
  });
});
