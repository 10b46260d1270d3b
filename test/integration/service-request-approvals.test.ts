// Over 300 lines because it plays every approval path of the service-request process, by API and by mail, on one started system.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { Approval } from '../../service-catalog/approvals/domain/approval.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { recordHistoryIfAsked } from '../support/record-history';
import { repoFile } from '../support/repo-root';
import { TEST_PUBLIC_URL, TestSystem } from '../support/test-system';

interface ApprovalView {
  id: string;
  purpose: string;
  state: string;
  approver: string | null;
  approverGroup: string | null;
  decidedBy: string | null;
  comment: string | null;
  ticket: { number: string; type: string } | null;
}
interface Placed {
  ticketNumber: string;
  processInstanceId: string;
}

/**
 * Issue 17, service-request approvals (workflows/processes/service-request.bpmn under a process id of
 * this file's own): the requester's line manager approves first (the fulfilment group when there is
 * none), then an order above the item's cost threshold needs a second approval from the policy's cost
 * approvers; any rejection ends the request rejected, without fulfilment. The demo data makes Paulius
 * Rita's manager; Erik has none.
 */
describe('service-request approvals', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `service_request_approvals_${tag}`;
  const as = (who: string, method: string, url: string, payload?: object) =>
    system.injectAs(who, { method, url, ...(payload ? { payload } : {}) });
  const items: Record<'laptop' | 'mouse' | 'licence' | 'monitor', string> = { laptop: '', mouse: '', licence: '', monitor: '' };
  // The same diagram whose cost approval times out in seconds, not 10 days.
  const quickProcessId = `service_request_timeout_${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start();
    const xml = readFileSync(repoFile('workflows/processes/service-request.bpmn'), 'utf8').replace(/"service-request"/g, `"${processId}"`);
    expect((await as('marta', 'POST', '/process-definitions', { xml })).statusCode).toBe(201);
    const quickXml = xml.replace(new RegExp(`"${processId}"`, 'g'), `"${quickProcessId}"`).replace('>P10D<', '>PT3S<');
    expect(quickXml).toContain('>PT3S<');
    expect((await as('marta', 'POST', '/process-definitions', { xml: quickXml })).statusCode).toBe(201);
    const category = await as('marta', 'POST', '/catalog/categories', { name: `Approved things ${tag}` });
    const categoryId = (category.result as Body).id as string;
    const item = async (name: string, amount: number, approvalPolicy: object, itemProcessId = processId) => {
      const res = await as('marta', 'POST', '/catalog/items', {
        categoryId,
        name: `${name} ${tag}`,
        formSchema: { components: [] },
        price: { amount, currency: 'EUR' },
        approvalPolicy,
        processId: itemProcessId,
        fulfilmentGroup: 'service-desk',
      });
      expect(res.statusCode).toBe(201);
      return (res.result as Body).id as string;
    };
    const costly = { kind: 'manager', costThreshold: 1000, costApprovers: 'change-managers' };
    items.laptop = await item('Laptop', 1899, costly);
    items.mouse = await item('Mouse', 25, costly);
    items.licence = await item('Design licence', 400, { kind: 'group', group: 'network' });
    items.monitor = await item('Monitor', 1500, costly, quickProcessId);
  });
  afterAll(async () => {
    await system?.close();
  });

  const order = async (who: string, item: string): Promise<Placed> => {
    const res = await as(who, 'POST', `/catalog/items/${item}/requests`, { answers: {} });
    expect(res.statusCode).toBe(201);
    return res.result as Placed;
  };
  /** The one pending approval of a ticket, once the process has opened it. */
  const pending = (number: string, purpose: string) =>
    eventually(async () => {
      const list = (await as('marta', 'GET', `/approvals?ticket=${number}&state=pending`)).result as { items: ApprovalView[] };
      expect(list.items.map((a) => a.purpose)).toEqual([purpose]);
      return list.items[0]!;
    }, 60_000);
  const openTasks = async (instanceId: string) =>
    ((await as('marta', 'GET', `/process-instances/${instanceId}`)).result as { openTasks: Array<{ elementId: string }> }).openTasks
      .map((t) => t.elementId)
      .sort();
  const ticket = (number: string) => system.adminEm().findOneOrFail(Ticket, { number });

  it("goes to the requester's manager, then above the threshold to the cost approvers, then to fulfilment", async () => {
    const paulius = await system.adminEm().findOneOrFail(User, { username: 'paulius' });
    expect((await system.adminEm().findOneOrFail(User, { username: 'rita' })).managerId).toBe(paulius.id);
    const placed = await order('rita', items.laptop);
    const manager = await pending(placed.ticketNumber, 'manager');
    expect(manager).toMatchObject({ approver: 'paulius', approverGroup: null, ticket: { number: placed.ticketNumber, type: 'request' } });
    expect((await ticket(placed.ticketNumber)).state).toBe('submitted');

    // The manager is a requester of the customer: the inbox shows him his own approvals, and only those.
    const inbox = (await as('paulius', 'GET', '/approvals?mine=true&state=pending')).result as { items: ApprovalView[] };
    expect(inbox.items.map((a) => a.id)).toContain(manager.id);
    const everything = (await as('paulius', 'GET', '/approvals?limit=200')).result as { items: ApprovalView[] };
    expect(everything.items.every((a) => a.approver === 'paulius')).toBe(true);
    // The person who ordered cannot approve their own order, nor see the approval.
    expect((await as('rita', 'POST', `/approvals/${manager.id}/approve`, {})).statusCode).toBe(404);
    expect((await as('rita', 'GET', `/approvals/${manager.id}`)).statusCode).toBe(404);
    expect((await as('paulius', 'GET', `/approvals/${manager.id}`)).statusCode).toBe(200);

    const approved = await as('paulius', 'POST', `/approvals/${manager.id}/approve`, { comment: 'Needed for the new store' });
    expect(approved.statusCode).toBe(200);
    expect(approved.result).toMatchObject({ state: 'approved', decidedBy: 'paulius', comment: 'Needed for the new store' });

    // 1899 EUR is above the 1000 threshold: a second approval by the change managers' group.
    const cost = await pending(placed.ticketNumber, 'cost');
    expect(cost).toMatchObject({ approver: null, approverGroup: 'change-managers' });
    expect(await openTasks(placed.processInstanceId)).toEqual(['CostApproval']);
    expect((await as('tomas', 'POST', `/approvals/${cost.id}/approve`, {})).statusCode).toBe(403);
    expect((await as('marta', 'POST', `/approvals/${cost.id}/approve`, { comment: 'Within budget' })).statusCode).toBe(200);

    await eventually(async () => expect(await openTasks(placed.processInstanceId)).toEqual(['ProvideItem', 'SetUpAccess']), 60_000);
    expect((await ticket(placed.ticketNumber)).state).toBe('in_progress');
    const audit = await system.adminEm().find(AuditLog, { entity: 'Approval', entityId: { $in: [manager.id, cost.id] } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'approval.approved',
      'approval.approved',
      'approval.requested',
      'approval.requested',
    ]);
  });

  it('skips the cost approval below the threshold', async () => {
    const placed = await order('rita', items.mouse);
    const manager = await pending(placed.ticketNumber, 'manager');
    expect((await as('paulius', 'POST', `/approvals/${manager.id}/approve`, {})).statusCode).toBe(200);
    await eventually(async () => expect(await openTasks(placed.processInstanceId)).toEqual(['ProvideItem', 'SetUpAccess']), 60_000);
    expect(await system.adminEm().count(Approval, { ticketId: (await ticket(placed.ticketNumber)).id })).toBe(1);
    await recordHistoryIfAsked(system, placed.processInstanceId, 'service_request_manager_approved');
  });

  it('ends rejected, without fulfilment, when the manager rejects; the requester sees why it stopped', async () => {
    const placed = await order('rita', items.laptop);
    const manager = await pending(placed.ticketNumber, 'manager');
    const rejected = await as('paulius', 'POST', `/approvals/${manager.id}/reject`, { comment: 'Not this quarter' });
    expect(rejected.statusCode).toBe(200);
    await eventually(async () => {
      const t = await ticket(placed.ticketNumber);
      expect(t.state).toBe('rejected');
      expect(t.closedAt).not.toBeNull();
    }, 60_000);
    await system.client.workflow.getHandle(placed.processInstanceId).result();
    expect(await system.adminEm().count(Approval, { ticketId: (await ticket(placed.ticketNumber)).id })).toBe(1);
    await recordHistoryIfAsked(system, placed.processInstanceId, 'service_request_manager_rejected');
  });

  it('gives the approval to the fulfilment group when the requester has no manager, and ends rejected when the cost approver rejects', async () => {
    expect((await system.adminEm().findOneOrFail(User, { username: 'erik' })).managerId).toBeNull();
    const placed = await order('erik', items.laptop);
    const manager = await pending(placed.ticketNumber, 'manager');
    expect(manager).toMatchObject({ approver: null, approverGroup: 'service-desk' });
    expect((await as('tomas', 'POST', `/approvals/${manager.id}/approve`, {})).statusCode).toBe(200);
    const cost = await pending(placed.ticketNumber, 'cost');
    expect((await as('marta', 'POST', `/approvals/${cost.id}/reject`, { comment: 'Too dear' })).statusCode).toBe(200);
    await eventually(async () => expect((await ticket(placed.ticketNumber)).state).toBe('rejected'), 60_000);
  });

  it('rejects automatically, as the diagram says, a cost approval nobody decides in time; withdrawn and audited', async () => {
    const placed = await order('rita', items.monitor);
    const manager = await pending(placed.ticketNumber, 'manager');
    expect((await as('paulius', 'POST', `/approvals/${manager.id}/approve`, {})).statusCode).toBe(200);
    const cost = await eventually(async () => {
      const list = (await as('marta', 'GET', `/approvals?ticket=${placed.ticketNumber}`)).result as { items: ApprovalView[] };
      const found = list.items.find((a) => a.purpose === 'cost');
      if (!found) throw new Error('no cost approval yet');
      return found;
    }, 60_000);
    // Nobody of the cost approvers decides: the timer interrupts the task and the order ends rejected.
    await eventually(async () => {
      const t = await ticket(placed.ticketNumber);
      expect(t.state).toBe('rejected');
      expect(t.closedAt).not.toBeNull();
    }, 90_000);
    await system.client.workflow.getHandle(placed.processInstanceId).result();
    await eventually(async () => {
      const list = (await as('marta', 'GET', `/approvals?ticket=${placed.ticketNumber}`)).result as { items: ApprovalView[] };
      expect(list.items.find((a) => a.id === cost.id)?.state).toBe('withdrawn');
    }, 60_000);
    // A late decision finds nothing to decide; nobody is fulfilling it.
    expect((await as('marta', 'POST', `/approvals/${cost.id}/approve`, {})).statusCode).toBe(409);
    expect(await openTasks(placed.processInstanceId)).toEqual([]);
    const trail = await system.adminEm().find(AuditLog, { entity: 'Approval', entityId: cost.id });
    expect(trail.map((a) => a.action).sort()).toEqual(['approval.requested', 'approval.withdrawn']);
    const auto = await system.adminEm().find(AuditEntry, { processInstanceId: placed.processInstanceId, action: 'approval.autoRejected' });
    expect(auto).toHaveLength(1);
    expect(auto[0]!.data).toMatchObject({
      approvalDecision: 'rejected',
      approvalComment: 'No cost decision within 10 days: rejected automatically',
    });
    await recordHistoryIfAsked(system, placed.processInstanceId, 'service_request_cost_auto_rejected');
  });

  it('an item approved by a group: anyone of that group decides', async () => {
    const placed = await order('rita', items.licence);
    const group = await pending(placed.ticketNumber, 'group');
    expect(group).toMatchObject({ approver: null, approverGroup: 'network' });
    expect((await as('tomas', 'POST', `/approvals/${group.id}/approve`, {})).statusCode).toBe(403);
    expect((await as('agne', 'POST', `/approvals/${group.id}/approve`, {})).statusCode).toBe(200);
    await eventually(async () => expect(await openTasks(placed.processInstanceId)).toEqual(['ProvideItem', 'SetUpAccess']), 60_000);
  });

  describe('by mail', () => {
    /** The approve and reject links of the approval mail sent to `to` about `number`. */
    const mailedLinks = (to: string, number: string) =>
      eventually(async () => {
        const mail = system.mail.sink!.messages.find((m) => m.to.includes(to) && m.subject.includes(number));
        expect(mail?.subject).toContain('Your approval is requested');
        const approve = /Approve: (\S+)/.exec(mail!.text)?.[1];
        const reject = /Reject: (\S+)/.exec(mail!.text)?.[1];
        expect(approve).toMatch(/^http:\/\/flowdesk\.test\/approval-links\//);
        return { approve: approve!.slice(TEST_PUBLIC_URL.length), reject: reject!.slice(TEST_PUBLIC_URL.length) };
      }, 60_000);
    const open = (url: string, method = 'GET', payload?: object) =>
      system.server.inject({ method, url, headers: { accept: 'application/json' }, ...(payload ? { payload } : {}) });

    it('approves from the signed link of the mail, once, without signing in; audited as by mail', async () => {
      const placed = await order('rita', items.mouse);
      const approval = await pending(placed.ticketNumber, 'manager');
      const links = await mailedLinks('paulius@baltic-retail.example', placed.ticketNumber);

      // Opening the link decides nothing (a mail scanner may open it): it shows what the button will do.
      const shown = await system.server.inject({ method: 'GET', url: links.approve });
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['content-type']).toContain('text/html');
      expect(shown.payload).toContain(placed.ticketNumber);
      expect(shown.payload).toContain('<form method="post">');
      expect((await ticket(placed.ticketNumber)).state).toBe('submitted');

      // An altered link: another decision letter, or another approval's id under this signature.
      const [base, rest] = [
        links.approve.slice(0, links.approve.lastIndexOf('/') + 1),
        links.approve.slice(links.approve.lastIndexOf('/') + 1),
      ];
      const parts = rest.split('.');
      const flipped = `${base}${[parts[0], 'r', ...parts.slice(2)].join('.')}`;
      const refused = await open(flipped, 'POST', {});
      expect(refused.statusCode).toBe(403);
      expect((refused.result as { code: string }).code).toBe('LINK_INVALID');
      expect((await open(`${base}${[randomUUID(), ...parts.slice(1)].join('.')}`, 'POST', {})).statusCode).toBe(403);
      expect((await open(`${base}garbage`)).statusCode).toBe(403);

      const decided = await system.server.inject({
        method: 'POST',
        url: links.approve,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'comment=Fine+by+me',
      });
      expect(decided.statusCode).toBe(200);
      expect(decided.payload).toContain('Approved');
      await eventually(async () => expect(await openTasks(placed.processInstanceId)).toEqual(['ProvideItem', 'SetUpAccess']), 60_000);
      const row = await system.adminEm().findOneOrFail(Approval, { id: approval.id });
      expect(row).toMatchObject({ state: 'approved', decidedBy: 'paulius', comment: 'Fine by me' });
      const audit = await system
        .adminEm()
        .findOneOrFail(AuditLog, { entity: 'Approval', entityId: approval.id, action: 'approval.approved' });
      expect(audit.after).toMatchObject({ via: 'mail-link', comment: 'Fine by me' });

      // Used: both links of that mail are refused now, and say why.
      for (const url of [links.approve, links.reject]) {
        const again = await open(url, 'POST', {});
        expect(again.statusCode).toBe(409);
        expect(again.result).toMatchObject({ code: 'LINK_USED' });
        expect((again.result as { message: string }).message).toContain('approved by paulius');
      }
    });

    it('rejects from the mail, and refuses a link that expired or was mailed before the approval was delegated', async () => {
      const placed = await order('erik', items.mouse);
      const approval = await pending(placed.ticketNumber, 'manager');
      // A group approval is mailed to each member of the group, with links of their own.
      const tomas = await mailedLinks('tomas@flowdesk.example', placed.ticketNumber);
      const marta = await mailedLinks('marta@flowdesk.example', placed.ticketNumber);
      expect(tomas.approve).not.toBe(marta.approve);

      const expiredLink = system.server.app.approvalLinks.sign(
        { approvalId: approval.id, decision: 'approved', username: 'tomas', expiresAt: new Date(Date.now() - 60_000) },
        'group:service-desk',
      );
      const expired = await open(`/approval-links/${expiredLink}`, 'POST', {});
      expect(expired.statusCode).toBe(410);
      expect(expired.result).toMatchObject({ code: 'LINK_EXPIRED' });

      expect((await as('marta', 'POST', `/approvals/${approval.id}/delegate`, { to: 'lukas' })).statusCode).toBe(200);
      expect((await open(tomas.reject, 'POST', {})).statusCode).toBe(403);
      const lukas = await eventually(async () => {
        // Delegation does not mail (yet): the delegate decides from the inbox.
        expect((await as('lukas', 'GET', '/approvals?mine=true&state=pending')).result).toMatchObject({
          items: expect.arrayContaining([expect.objectContaining({ id: approval.id })]),
        });
        return true;
      });
      expect(lukas).toBe(true);
      expect((await as('lukas', 'POST', `/approvals/${approval.id}/reject`, { comment: 'No' })).statusCode).toBe(200);
      await eventually(async () => expect((await ticket(placed.ticketNumber)).state).toBe('rejected'), 60_000);
    });
  });
});
