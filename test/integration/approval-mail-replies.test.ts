// Over 300 lines because approvals by mail reply, delegation mail, repeating reminders and CI conflicts share one started system.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTransport, type Transporter } from 'nodemailer';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { GroupService } from '../../service-catalog/identity/domain/group-service';
import { UserService } from '../../service-catalog/identity/domain/user-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TEST_DESK_ADDRESS, TestSystem } from '../support/test-system';

interface ApprovalView {
  id: string;
  state: string;
  approver: string | null;
  comment: string | null;
  decidedBy: string | null;
  conflicts: { byCi: Array<{ number: string; relation: string; depth: number; ci: { key: string }; via: { key: string } }> } | null;
}

const HOUR = 3_600_000;

/**
 * The approval mails of the change process (workflows/processes/change.bpmn under a process id and
 * CAB of its own) through the mail intake: a reply "approve"/"reject" decides, only from the current
 * holder through the reply address mailed to them; forged and unknown replies are ignored and audited.
 * A delegation mails the new holder links of their own and voids the old ones; the reminder repeats per
 * interval to whoever still holds an approval; changes collide through related CIs.
 */
describe('approvals by mail reply, delegation mail, reminders and CI conflicts', () => {
  let system: TestSystem;
  let sender: Transporter;
  const tag = randomUUID().slice(0, 8);
  const processId = `change_mail_${tag}`;
  const cab = `cab-m-${tag}`;
  const password = 'approval-mail-pass-1';
  const user = (name: string) => `${name}-m-${tag}`;
  const address = (name: string) => `${user(name)}@flowdesk.example`;
  const base = Date.parse('2032-05-03T08:00:00Z') + Math.floor(Math.random() * 1000) * 24 * HOUR;
  let windowSeq = 0;
  const diagram = () =>
    readFileSync(repoFile('workflows/processes/change.bpmn'), 'utf8')
      .replace(/"change"/g, `"${processId}"`)
      .replace('<zeebe:header key="group" value="cab" />', `<zeebe:header key="group" value="${cab}" />`);
  const deploy = async (xml: string) =>
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { change: processId }, mailIntake: true });
    sender = createTransport({ host: '127.0.0.1', port: system.mail.inboundPort!, secure: false, ignoreTLS: true });
    const em = system.adminEm();
    const actor = systemActor('approval mail test');
    const cabId = (await new GroupService(em).create(actor, { key: cab, name: cab })).id;
    for (const [name, inCab] of [
      ['ada', true],
      ['ben', true],
      ['cy', true],
      ['dora', false],
    ] as const) {
      await new UserService(em).create(actor, {
        username: user(name),
        displayName: name,
        email: address(name),
        password,
        roles: ['agent'],
        groupIds: inCab ? [cabId] : [],
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
    sender?.close();
    await system?.close();
  });

  const state = async (number: string) =>
    ((await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}` })).result as Ticket).state;
  const inState = (number: string, wanted: string) =>
    eventually(async () => {
      const now = await state(number);
      if (now !== wanted) throw new Error(`${number} is ${now}, not ${wanted}`);
    }, 90_000);
  const raise = async (fields: Record<string, unknown>) => {
    const start = base + windowSeq++ * 10 * HOUR;
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
        plannedStartAt: new Date(start).toISOString(),
        plannedEndAt: new Date(start + 2 * HOUR).toISOString(),
        ...fields,
      },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as { number: string }).number;
  };
  const approvalsOf = async (number: string) =>
    ((await system.injectAs('admin', { method: 'GET', url: `/approvals?ticket=${number}&limit=50` })).result as { items: ApprovalView[] })
      .items;
  const pending = (number: string, count: number) =>
    eventually(async () => {
      const open = (await approvalsOf(number)).filter((a) => a.state === 'pending');
      if (open.length !== count) throw new Error(`${number} has ${open.length} pending approvals, not ${count}`);
      return new Map(open.map((a) => [a.approver!, a]));
    }, 90_000);
  const mailTo = (number: string, name: string, subject: RegExp) =>
    system.mail.sink!.messages.filter(
      (m) => m.subject.includes(`[${number}]`) && subject.test(m.subject) && String(m.to).includes(address(name)),
    );
  const oneMail = (number: string, name: string, subject: RegExp) =>
    eventually(() => {
      const found = mailTo(number, name, subject);
      if (found.length !== 1) throw new Error(`${found.length} mails "${subject.source}" to ${name} about ${number}`);
      return found[0]!;
    }, 90_000);
  const reply = (
    mail: { messageId: string; subject: string; replyTo?: string },
    from: string,
    text: string,
    to = mail.replyTo ?? TEST_DESK_ADDRESS,
  ) => sender.sendMail({ from, to, subject: `Re: ${mail.subject}`, text, inReplyTo: mail.messageId, references: [mail.messageId] });
  const audit = async (approvalId: string, action: string) =>
    (await system.adminEm().find(AuditLog, { entity: 'Approval', entityId: approvalId, action }, { orderBy: { id: 'asc' } })).map((a) => ({
      actor: a.actorName,
      after: a.after,
    }));
  const anonymous = (options: Parameters<TestSystem['server']['inject']>[0] & object) => system.server.inject(options);
  const linkToken = (text: string, verb: 'Approve' | 'Reject') => new RegExp(`${verb}: \\S+/approval-links/(\\S+)`).exec(text)![1]!;

  it('decides by a reply from the holder; forged, foreign and unknown replies are ignored and audited, never decide', async () => {
    const number = await raise({ impact: 'high', likelihood: 'high' });
    const approvals = await pending(number, 3);
    const ada = approvals.get(user('ada'))!;
    const ben = approvals.get(user('ben'))!;
    const toAda = await oneMail(number, 'ada', /approval is requested/);
    const toBen = await oneMail(number, 'ben', /approval is requested/);
    expect(toAda.replyTo).toMatch(/^desk\+apr\.[0-9a-f]{32}\.[0-9a-f]{20}@flowdesk\.test$/i);
    expect(toAda.text).toContain('reply to this mail starting with "approve" or "reject"');

    // Ben answers through Ada's reply address; Ada's address with no token (threading alone); an unknown approval.
    await reply(toAda, address('ben'), 'Approve');
    await reply(toAda, address('ada'), 'Approve', TEST_DESK_ADDRESS);
    await reply(toAda, address('ada'), 'Approve', toAda.replyTo!.replace(/apr\.[0-9a-f]{32}/i, `apr.${randomUUID().replace(/-/g, '')}`));
    await eventually(async () => expect(await audit(ada.id, 'approval.mailReplyIgnored')).toHaveLength(2), 60_000);
    const ignored = await audit(ada.id, 'approval.mailReplyIgnored');
    expect(ignored.map((i) => i.after)).toEqual([
      expect.objectContaining({ from: address('ben'), reason: expect.stringContaining('not issued to') }),
      expect.objectContaining({ from: address('ada'), reason: expect.stringContaining('not proven') }),
    ]);
    // A reply that says neither word is ignored too, as is a rejection without a reason.
    await reply(toBen, address('ben'), 'Let me think about it');
    await reply(toBen, address('ben'), 'Reject');
    await eventually(async () => expect(await audit(ben.id, 'approval.mailReplyIgnored')).toHaveLength(2), 60_000);
    expect((await approvalsOf(number)).every((a) => a.state === 'pending')).toBe(true);
    // None of them became an entry on the change.
    const entries = (await system.injectAs('marta', { method: 'GET', url: `/tickets/${number}/entries` })).result as {
      items: Array<{ body: string }>;
    };
    expect(entries.items.filter((e) => /think about it/.test(e.body))).toEqual([]);

    await reply(toAda, address('ada'), 'Approved.\nFine by me, after the backup.\n\nOn Monday the desk wrote:\n> Approve: https://…');
    await eventually(
      async () => expect((await approvalsOf(number)).find((a) => a.id === ada.id)).toMatchObject({ state: 'approved' }),
      60_000,
    );
    expect((await approvalsOf(number)).find((a) => a.id === ada.id)).toMatchObject({
      decidedBy: user('ada'),
      comment: 'Fine by me, after the backup.',
    });
    expect(await audit(ada.id, 'approval.approved')).toEqual([
      { actor: user('ada'), after: expect.objectContaining({ via: 'mail-reply', comment: 'Fine by me, after the backup.' }) },
    ]);
    // The same reply again (another Message-ID): the approval is no longer pending, so it is ignored.
    await reply(toAda, address('ada'), 'Reject: changed my mind');
    await eventually(async () => expect(await audit(ada.id, 'approval.mailReplyIgnored')).toHaveLength(3), 60_000);

    await reply(toBen, address('ben'), 'reject - not during the audit week');
    await inState(number, 'rejected');
    expect(await audit(ben.id, 'approval.rejected')).toEqual([
      { actor: user('ben'), after: expect.objectContaining({ via: 'mail-reply', comment: 'not during the audit week' }) },
    ]);
  });

  it('mails a delegated approval to the new holder with links of their own; the old links and replies stop working', async () => {
    const number = await raise({ impact: 'low', likelihood: 'low' });
    const ada = (await pending(number, 3)).get(user('ada'))!;
    const toAda = await oneMail(number, 'ada', /approval is requested/);
    const delegated = await system.injectAs(user('ada'), {
      method: 'POST',
      url: `/approvals/${ada.id}/delegate`,
      payload: { to: user('dora'), comment: 'On leave' },
    });
    expect(delegated.statusCode).toBe(200);
    const toDora = await oneMail(number, 'dora', /approval was handed to you/);
    expect(toDora.text).toContain(user('ada'));

    const old = linkToken(toAda.text, 'Approve');
    expect((await anonymous({ method: 'GET', url: `/approval-links/${old}`, headers: { accept: 'application/json' } })).statusCode).toBe(
      403,
    );
    expect((await anonymous({ method: 'POST', url: `/approval-links/${old}`, payload: {} })).statusCode).toBe(403);
    await reply(toAda, address('ada'), 'Approve');
    await eventually(async () => expect(await audit(ada.id, 'approval.mailReplyIgnored')).toHaveLength(1), 60_000);

    const fresh = linkToken(toDora.text, 'Approve');
    const opened = await anonymous({ method: 'GET', url: `/approval-links/${fresh}`, headers: { accept: 'application/json' } });
    expect(opened.result).toMatchObject({ username: user('dora'), state: 'pending', decision: 'approved' });
    await reply(toDora, address('dora'), 'approve\nfor Ada');
    await inState(number, 'scheduled');
    expect(await audit(ada.id, 'approval.approved')).toEqual([
      { actor: user('dora'), after: expect.objectContaining({ via: 'mail-reply' }) },
    ]);
    // Decided: Dora's link is used up.
    expect((await anonymous({ method: 'GET', url: `/approval-links/${fresh}` })).statusCode).toBe(409);
  });

  it('flags changes on the same CI or a related one (within the depth) with overlapping windows, before approval', async () => {
    const ci = async (key: string, classKey: string) => {
      const res = await system.injectAs('admin', {
        method: 'POST',
        url: '/cmdb/cis',
        payload: { classKey, name: `${key} ${tag}`, key: `${key}-${tag}` },
      });
      expect(res.statusCode).toBe(201);
      return (res.result as { id: string }).id;
    };
    const [app, db, disk, other] = [
      await ci('app', 'application'),
      await ci('db', 'server'),
      await ci('disk', 'server'),
      await ci('other', 'server'),
    ];
    for (const [sourceId, targetId] of [
      [app, db],
      [db, disk],
    ])
      expect(
        (await system.injectAs('admin', { method: 'POST', url: '/cmdb/relations', payload: { sourceId, type: 'depends_on', targetId } }))
          .statusCode,
      ).toBe(201);
    const start = base + 500 * HOUR;
    const window = (from: number, to: number) => ({
      plannedStartAt: new Date(start + from * HOUR).toISOString(),
      plannedEndAt: new Date(start + to * HOUR).toISOString(),
    });
    const onDisk = await raise({ impact: 'low', likelihood: 'low', ...window(0, 4) });
    const onApp = await raise({ impact: 'low', likelihood: 'low', ...window(2, 6) });
    const onOther = await raise({ impact: 'low', likelihood: 'low', ...window(2, 6) });
    const onDiskLater = await raise({ impact: 'low', likelihood: 'low', ...window(10, 12) });
    for (const [number, ciId] of [
      [onDisk, disk],
      [onApp, app],
      [onOther, other],
      [onDiskLater, disk],
    ] as const)
      expect(
        (await system.injectAs('marta', { method: 'POST', url: `/tickets/${number}/configuration-items`, payload: { ciId } })).statusCode,
      ).toBe(201);

    const conflicts = async (number: string, query = '') =>
      (await system.injectAs('marta', { method: 'GET', url: `/changes/${number}/conflicts${query}` })).result as {
        conflicting: boolean;
        conflicts: { byCi: Array<Record<string, unknown>> };
      };
    // app → db → disk: the disk is two relations downstream of the app.
    expect((await conflicts(onApp)).conflicts.byCi).toEqual([
      expect.objectContaining({ number: onDisk, relation: 'downstream', depth: 2, ci: expect.objectContaining({ key: `disk-${tag}` }) }),
    ]);
    expect((await conflicts(onDisk)).conflicts.byCi).toEqual([
      expect.objectContaining({ number: onApp, relation: 'upstream', depth: 2, via: expect.objectContaining({ key: `disk-${tag}` }) }),
    ]);
    expect((await conflicts(onApp, '?ciDepth=1')).conflicts.byCi).toEqual([]);
    expect(await conflicts(onOther)).toMatchObject({ conflicting: false, conflicts: { byCi: [] } });
    expect((await system.injectAs('marta', { method: 'GET', url: `/changes/${onApp}/conflicts?ciDepth=9` })).statusCode).toBe(400);
    // The approvers see it on the approval they decide.
    const [first] = (await pending(onApp, 3)).values();
    expect(first!.conflicts!.byCi.map((c) => [c.number, c.relation])).toEqual([[onDisk, 'downstream']]);
  });

  it('reminds whoever still holds an approval once per interval until the CAB decides', async () => {
    await deploy(
      diagram().replace(
        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/P1D</bpmn:timeCycle>',
        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/PT2S</bpmn:timeCycle>',
      ),
    );
    const number = await raise({ impact: 'medium', likelihood: 'medium' });
    const approvals = await pending(number, 3);
    const awaited = /approval is awaited/;
    await eventually(() => {
      for (const name of ['ada', 'ben', 'cy']) expect(mailTo(number, name, awaited).length).toBeGreaterThanOrEqual(2);
    }, 90_000);
    const approve = (name: string) =>
      system.injectAs(user(name), { method: 'POST', url: `/approvals/${approvals.get(user(name))!.id}/approve`, payload: {} });
    expect((await approve('ada')).statusCode).toBe(200);
    const adaAtDecision = mailTo(number, 'ada', awaited).length;
    const benBefore = mailTo(number, 'ben', awaited).length;
    await eventually(() => expect(mailTo(number, 'ben', awaited).length).toBeGreaterThanOrEqual(benBefore + 2), 90_000);
    // A reminder already under way when Ada decided may still reach her; none after it.
    expect(mailTo(number, 'ada', awaited).length).toBeLessThanOrEqual(adaAtDecision + 1);
    // Every reminder is a mail of its own (a new Message-ID each time), with links that work.
    const toBen = mailTo(number, 'ben', awaited);
    expect(new Set(toBen.map((m) => m.messageId)).size).toBe(toBen.length);
    const link = linkToken(toBen[toBen.length - 1]!.text, 'Approve');
    expect(
      (await anonymous({ method: 'POST', url: `/approval-links/${link}`, payload: {}, headers: { accept: 'application/json' } }))
        .statusCode,
    ).toBe(200);
    await inState(number, 'scheduled');

    // Decided: the timer is gone with the task, and no reminder goes out any more.
    const instanceId = (await system.adminEm().findOneOrFail(Ticket, { number })).processInstanceId!;
    const history = await system.client.workflow.getHandle(instanceId).fetchHistory();
    const reminders = (history.events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'approval-remind',
    );
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect(mailTo(number, 'cy', awaited).length).toBeLessThanOrEqual(reminders.length);
    const done = await system.injectAs('marta', {
      method: 'POST',
      url: `/tickets/${number}/actions/implement`,
      payload: { closingCode: 'successful', notes: 'Done in the window' },
    });
    expect(done.statusCode).toBe(200);
    await inState(number, 'closed');
    await system.client.workflow.getHandle(instanceId).result();
    await recordHistoryIfAsked(system, instanceId, 'change_reminded_until_decided');
  });
});
