import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, RuleViolation, WrongState } from '../../errors';
import { Organization } from '../../identity/domain/organization.entity';
import { actorOf, userIdOf, type Principal } from '../../identity/domain/principal';
import { WebhookDelivery, WebhookEvent, WebhookSubscription, type WebhookDeliveryState, type WebhookEventType } from './webhook.entities';
import { targetProblem, type PrivateTargets } from './webhook-target';

export interface WebhookSubscriptionInput {
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  /** One customer's events only; null: every event of the desk. */
  organizationId: string | null;
  active?: boolean;
}

/**
 * Subscriptions, their deliveries and the dead-letter list. The events themselves are written by the
 * outbox triggers (Migration20270106000000_webhooks) and delivered by workflows/webhooks; this service
 * is what the API and the worker's activities share about them.
 */
export class WebhookService {
  constructor(
    private readonly em: EntityManager,
    private readonly privateTargets: PrivateTargets,
  ) {}

  list(filter: { organizationId?: string; limit: number; offset: number }) {
    return this.em.findAndCount(WebhookSubscription, filter.organizationId ? { organizationId: filter.organizationId } : {}, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
  }

  async get(id: string): Promise<WebhookSubscription> {
    const found = await this.em.findOne(WebhookSubscription, { id });
    if (!found) throw new NotFound('WEBHOOK_NOT_FOUND', `there is no webhook subscription ${id}`);
    return found;
  }

  /** The new subscription and its signing secret, which is never shown again. */
  async create(principal: Principal, input: WebhookSubscriptionInput): Promise<{ subscription: WebhookSubscription; secret: string }> {
    await this.check(input);
    const now = new Date();
    const secret = newSecret();
    const subscription = this.em.create(WebhookSubscription, {
      id: randomUUID(),
      name: input.name,
      url: input.url,
      secret,
      eventTypes: [...new Set(input.eventTypes)],
      active: input.active ?? true,
      organizationId: input.organizationId,
      createdById: userIdOf(principal),
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'webhook.created',
      entity: 'WebhookSubscription',
      entityId: subscription.id,
      after: view(subscription),
    });
    await this.em.flush();
    return { subscription, secret };
  }

  async update(principal: Principal, id: string, changes: Partial<Omit<WebhookSubscriptionInput, 'organizationId'>>) {
    const existing = await this.get(id);
    await this.check(changes);
    const before = view(existing);
    this.em.assign(existing, {
      ...changes,
      ...(changes.eventTypes ? { eventTypes: [...new Set(changes.eventTypes)] } : {}),
      updatedAt: new Date(),
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'webhook.updated',
      entity: 'WebhookSubscription',
      entityId: id,
      before,
      after: view(existing),
    });
    await this.em.flush();
    return existing;
  }

  /** A new signing secret (shown once); the old one stops signing at once. */
  async rotateSecret(principal: Principal, id: string): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const existing = await this.get(id);
    const secret = newSecret();
    this.em.assign(existing, { secret, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), { action: 'webhook.secretRotated', entity: 'WebhookSubscription', entityId: id });
    await this.em.flush();
    return { subscription: existing, secret };
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const existing = await this.get(id);
    recordAudit(this.em, actorOf(principal), {
      action: 'webhook.deleted',
      entity: 'WebhookSubscription',
      entityId: id,
      before: view(existing),
    });
    await this.em.remove(existing).flush();
  }

  /** A subscription's deliveries, newest first, with the event each carries; `state: 'dead'` is its dead-letter list. */
  async deliveries(filter: { subscriptionId?: string; state?: WebhookDeliveryState; limit: number; offset: number }) {
    const where: Record<string, unknown> = {};
    if (filter.subscriptionId) where.subscriptionId = filter.subscriptionId;
    if (filter.state) where.state = filter.state;
    const [items, total] = await this.em.findAndCount(WebhookDelivery, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    const events = await this.em.find(WebhookEvent, { id: { $in: [...new Set(items.map((d) => d.eventId))] } });
    const byId = new Map(events.map((e) => [e.id, e]));
    return { items: items.map((d) => ({ delivery: d, event: byId.get(d.eventId)! })), total };
  }

  /** One delivery with its event. */
  async delivery(id: string): Promise<{ delivery: WebhookDelivery; event: WebhookEvent }> {
    const delivery = await this.em.findOne(WebhookDelivery, { id });
    if (!delivery) throw new NotFound('WEBHOOK_DELIVERY_NOT_FOUND', `there is no webhook delivery ${id}`);
    return { delivery, event: await this.em.findOneOrFail(WebhookEvent, { id: delivery.eventId }) };
  }

  /** Sends a dead delivery again, as a new workflow (`replays` names it), with its attempts counted afresh. */
  async replay(principal: Principal, deliveryId: string): Promise<WebhookDelivery> {
    const { delivery } = await this.delivery(deliveryId);
    if (delivery.state !== 'dead') {
      throw new WrongState('WEBHOOK_DELIVERY_NOT_DEAD', `delivery ${deliveryId} is ${delivery.state}; only a dead delivery is replayed`);
    }
    this.em.assign(delivery, { state: 'pending', deadAt: null, relayedAt: null, replays: delivery.replays + 1 });
    recordAudit(this.em, actorOf(principal), { action: 'webhook.deliveryReplayed', entity: 'WebhookDelivery', entityId: deliveryId });
    await this.em.flush();
    return delivery;
  }

  private async check(input: Partial<WebhookSubscriptionInput>): Promise<void> {
    if (input.url !== undefined) {
      const problem = targetProblem(input.url, this.privateTargets);
      if (problem) {
        throw new RuleViolation('WEBHOOK_TARGET_REFUSED', `payload.url ${problem}`, [{ field: 'payload.url', message: problem }]);
      }
    }
    if (input.organizationId && !(await this.em.findOne(Organization, { id: input.organizationId }))) {
      const message = `there is no organisation ${input.organizationId}`;
      throw new RuleViolation('UNKNOWN_ORGANIZATION', `payload.organizationId: ${message}`, [{ field: 'payload.organizationId', message }]);
    }
  }
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function view(s: WebhookSubscription) {
  return { name: s.name, url: s.url, eventTypes: s.eventTypes, active: s.active, organizationId: s.organizationId ?? null };
}
