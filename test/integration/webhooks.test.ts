import { randomUUID } from 'node:crypto';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { verifyWebhook } from '../../service-catalog/webhooks/domain/webhook-signature';
import { eventually } from '../support/eventually';
import { deployIncidentDesk } from '../support/incident-desk';
import { offerService } from '../support/services';
import { recordHistoryIfAsked } from '../support/record-history';
import { TestSystem } from '../support/test-system';
import { Receiver } from '../support/webhook-receiver';
import { webhookDeliveryWorkflowId } from '../../workflows/webhooks/webhook-relay';

interface Delivery {
  id: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  replays: number;
  event: { type: string; subject: string; payload: { ticket?: { number: string; organizationId: string | null } } };
}

/**
 * Issue 22, outgoing webhooks: the outbox triggers queue a delivery in the change's own transaction, the
 * relay hands it to a workflow, and the workflow POSTs it signed, retrying with backoff through receiver
 * failures and a worker restart, until it is delivered or dead (then replayed by an admin). Each
 * organisation's subscription gets that organisation's events only.
 */
describe('outgoing webhooks', () => {
  let system: TestSystem;
  const receiver = new Receiver();
  let base: string;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_hooks_${tag}`;
  const service = `mail-${tag}`;
  let baltic: string;
  let nordic: string;

  beforeAll(async () => {
    base = await receiver.start();
    system = await TestSystem.start({
      ticketProcessIds: { incident: processId },
      webhookRetry: { initialIntervalMs: 300, maximumIntervalMs: 1_000, maximumAttempts: 4 },
    });
    await offerService(system, service);
    await deployIncidentDesk(system, { tag, processId, service });
    const em = system.adminEm();
    baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
  });
  const subscribed: string[] = [];
  afterAll(async () => {
    // A subscription left behind would queue deliveries for every later test file's tickets.
    for (const id of subscribed) await system?.injectAs('admin', { method: 'DELETE', url: `/webhooks/${id}` });
    await system?.close();
    await receiver.close();
  });

  const subscribe = async (path: string, organizationId: string | null, eventTypes: string[]) => {
    const res = await system.injectAs('admin', {
      method: 'POST',
      url: '/webhooks',
      payload: { name: `${path} ${tag}`, url: `${base}${path}`, organizationId, eventTypes },
    });
    expect(res.statusCode).toBe(201);
    subscribed.push((res.result as { id: string }).id);
    return res.result as { id: string; secret: string };
  };
  const deliveries = async (id: string, state?: string) => {
    const res = await system.injectAs('admin', { method: 'GET', url: `/webhooks/${id}/deliveries${state ? `?state=${state}` : ''}` });
    expect(res.statusCode).toBe(200);
    return (res.result as { items: Delivery[] }).items;
  };
  const raiseAs = async (user: string, title: string) => {
    const res = await system.injectAs(user, {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title, description: 'x', impact: 'low', urgency: 'high', category: 'network', service },
    });
    expect(res.statusCode).toBe(201);
    return (res.result as { number: string }).number;
  };

  it('delivers a signed ticket.created to its organisation and to the desk-wide subscription, never to another organisation', async () => {
    const balticHook = await subscribe(`/baltic-${tag}`, baltic, ['ticket.created', 'ticket.stateChanged']);
    const nordicHook = await subscribe(`/nordic-${tag}`, nordic, ['ticket.created']);
    const deskHook = await subscribe(`/desk-${tag}`, null, ['ticket.created']);
    expect(deskHook.secret).not.toBe(balticHook.secret);
    expect(balticHook.secret).toMatch(/^whsec_/);
    // The secret is shown once: never in reads.
    const read = await system.injectAs('admin', { method: 'GET', url: `/webhooks/${balticHook.id}` });
    expect(JSON.stringify(read.result)).not.toContain(balticHook.secret);

    const number = await raiseAs('rita', `Printer ${tag}`);
    const created = await eventually(() => {
      const got = receiver.at(`/baltic-${tag}`).find((r) => JSON.parse(r.body).type === 'ticket.created');
      if (!got) throw new Error('nothing delivered to the Baltic receiver yet');
      return got;
    }, 60_000);
    const body = JSON.parse(created.body) as {
      id: string;
      type: string;
      subject: string;
      organizationId: string;
      data: { ticket: { number: string } };
    };
    expect(body).toMatchObject({ type: 'ticket.created', subject: number, organizationId: baltic, data: { ticket: { number } } });
    expect(created.headers['x-flowdesk-event']).toBe('ticket.created');
    expect(created.headers['x-flowdesk-delivery']).toBe(body.id);
    const signature = String(created.headers['x-flowdesk-signature']);
    expect(verifyWebhook(balticHook.secret, created.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhook(nordicHook.secret, created.body, signature, Math.floor(Date.now() / 1000))).toBe(false);

    await eventually(() => expect(receiver.at(`/desk-${tag}`).map((r) => JSON.parse(r.body).subject)).toContain(number), 60_000);
    // The process moves the ticket on: its state change follows, to Baltic only (the others did not ask).
    await eventually(() => {
      const changed = receiver
        .at(`/baltic-${tag}`)
        .map((r) => JSON.parse(r.body))
        .find((b) => b.type === 'ticket.stateChanged');
      expect(changed).toMatchObject({ subject: number, data: { previousState: expect.any(String) } });
    }, 60_000);
    const balticDeliveries = await deliveries(balticHook.id);
    expect(balticDeliveries.every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
    // The relay marked each as handed over (else every round would start it again, refused as a duplicate).
    const relayed = await system
      .adminEm()
      .execute<Array<{ n: number }>>(
        'select count(*)::int as n from webhook_delivery where subscription_id = ? and relayed_at is not null',
        [balticHook.id],
      );
    expect(relayed[0]!.n).toBe(balticDeliveries.length);

    // Nordic's subscription never saw a Baltic ticket: no request, and no delivery queued for it.
    expect(receiver.at(`/nordic-${tag}`)).toHaveLength(0);
    expect(await deliveries(nordicHook.id)).toHaveLength(0);
    // Erik's (Nordic) ticket goes to Nordic, not to Baltic.
    const nordicNumber = await raiseAs('erik', `Scanner ${tag}`);
    await eventually(() => expect(receiver.at(`/nordic-${tag}`).map((r) => JSON.parse(r.body).subject)).toEqual([nordicNumber]), 60_000);
    expect(receiver.at(`/baltic-${tag}`).map((r) => JSON.parse(r.body).subject)).not.toContain(nordicNumber);
  });

  it('retries a failing receiver with backoff, through a worker restart, and delivers once', async () => {
    const path = `/flaky-${tag}`;
    receiver.failNext(path, 503, 500, 429);
    const hook = await subscribe(path, baltic, ['ticket.created']);
    const number = await raiseAs('rita', `Flaky ${tag}`);
    await eventually(() => expect(receiver.at(path).length).toBeGreaterThanOrEqual(1), 60_000);
    // A deploy or crash in the middle of the retries: the workflow's timer and attempt survive it.
    await system.stopWorker();
    await system.startWorker();
    const [delivered] = await eventually(async () => {
      const found = await deliveries(hook.id, 'delivered');
      if (!found.length) throw new Error('not delivered yet');
      return found;
    }, 60_000);
    expect(delivered).toMatchObject({ attempts: 4, lastStatus: 200, event: { type: 'ticket.created', subject: number } });
    const requests = receiver.at(path);
    expect(requests.map((r) => r.answered)).toEqual([503, 500, 429, 200]);
    // One delivery id throughout, so a receiver can drop duplicates; exactly one was accepted.
    expect(new Set(requests.map((r) => r.headers['x-flowdesk-delivery']))).toEqual(new Set([delivered!.id]));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.at(path).filter((r) => r.answered < 300)).toHaveLength(1);
    await recordHistoryIfAsked(system, webhookDeliveryWorkflowId(delivered!.id, 0), 'webhook_delivery_retried');
  });

  it('puts a delivery that keeps failing on the dead-letter list, and an admin replays it', async () => {
    const path = `/broken-${tag}`;
    receiver.always.set(path, 500);
    const hook = await subscribe(path, baltic, ['ticket.created']);
    await raiseAs('rita', `Broken ${tag}`);
    const [dead] = await eventually(async () => {
      const found = await deliveries(hook.id, 'dead');
      if (!found.length) throw new Error('not dead yet');
      return found;
    }, 60_000);
    expect(dead).toMatchObject({ attempts: 4, lastStatus: 500, lastError: expect.stringContaining('HTTP 500') });
    expect(receiver.at(path)).toHaveLength(4);
    await recordHistoryIfAsked(system, webhookDeliveryWorkflowId(dead!.id, 0), 'webhook_delivery_dead');

    // Only a dead delivery is replayed; the receiver is mended first.
    receiver.always.delete(path);
    const replayed = await system.injectAs('admin', { method: 'POST', url: `/webhook-deliveries/${dead!.id}/replay` });
    expect(replayed.statusCode).toBe(202);
    expect(replayed.result).toMatchObject({ state: 'pending', replays: 1 });
    await eventually(async () => expect((await deliveries(hook.id, 'delivered')).map((d) => d.id)).toEqual([dead!.id]), 60_000);
    const again = await system.injectAs('admin', { method: 'POST', url: `/webhook-deliveries/${dead!.id}/replay` });
    expect(again.statusCode).toBe(409);
  });

  it('gives up at once on a receiver that refuses for good (410)', async () => {
    const path = `/gone-${tag}`;
    receiver.always.set(path, 410);
    const hook = await subscribe(path, baltic, ['ticket.created']);
    await raiseAs('rita', `Gone ${tag}`);
    const [dead] = await eventually(async () => {
      const found = await deliveries(hook.id, 'dead');
      if (!found.length) throw new Error('not dead yet');
      return found;
    }, 60_000);
    expect(dead).toMatchObject({ attempts: 1, lastStatus: 410 });
  });

  it('refuses bad subscriptions with the field named, and anyone but an admin', async () => {
    const post = (user: string, payload: object) => system.injectAs(user, { method: 'POST', url: '/webhooks', payload });
    const ftp = await post('admin', { name: 'x', url: 'ftp://example.com/in', organizationId: null, eventTypes: ['ticket.created'] });
    expect(ftp.statusCode).toBe(422);
    expect(JSON.stringify(ftp.result)).toContain('payload.url');
    const unknownOrg = await post('admin', { name: 'x', url: `${base}/x`, organizationId: randomUUID(), eventTypes: ['ticket.created'] });
    expect(unknownOrg.statusCode).toBe(422);
    expect(JSON.stringify(unknownOrg.result)).toContain('payload.organizationId');
    const badType = await post('admin', { name: 'x', url: `${base}/x`, organizationId: null, eventTypes: ['ticket.deleted'] });
    expect(badType.statusCode).toBe(400);
    expect(JSON.stringify(badType.result)).toContain('eventTypes');
    for (const user of ['marta', 'tomas', 'rita']) {
      expect((await post(user, { name: 'x', url: `${base}/x`, organizationId: baltic, eventTypes: ['ticket.created'] })).statusCode).toBe(
        403,
      );
      expect((await system.injectAs(user, { method: 'GET', url: '/webhooks' })).statusCode).toBe(403);
    }
  });
});
