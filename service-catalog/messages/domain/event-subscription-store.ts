import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventSubscriptionRequest } from '../../../workflows/client';
import type { TenantScope } from '../../db/tenant';
import { instanceOrganisation } from '../../processes/domain/instance-organisation';

export interface SubscriptionRow {
  processInstanceId: string;
  subscriptionKey: number;
  elementId: string;
}

/**
 * The correlation tables. Writes are idempotent by (process instance, subscription key), because the
 * activities that call them run at least once.
 */
export class EventSubscriptionStore {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records the subscription; for a message, atomically takes the oldest buffered one with the same
   * name and key that has not expired (skip locked: two instances opening at once never share one).
   */
  async open(req: EventSubscriptionRequest): Promise<{ buffered?: { variables: Record<string, unknown> } }> {
    return this.em.transactional(async (em) => {
      const inserted = await em.execute<Array<{ subscription_key: number }>>(
        `insert into event_subscription (process_instance_id, subscription_key, process_id, element_id, event_type, name, correlation_key)
         values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning subscription_key`,
        [req.processInstanceId, req.subscriptionKey, req.processId, req.elementId, req.eventType, req.name, req.correlationKey ?? null],
      );
      // A retried activity whose first attempt already committed must not take a second message.
      if (req.eventType !== 'message' || req.correlationKey === undefined || inserted.length === 0) return {};
      // Only a message its publisher could have delivered to this instance (a call activity's child counts as its root).
      const rootId = req.processInstanceId.split(':')[0]!;
      const organizationId = (await instanceOrganisation(em, rootId))?.organizationId ?? null;
      const taken = await em.execute<Array<{ variables: Record<string, unknown> }>>(
        `delete from buffered_message where id = (
           select id from buffered_message where name = ? and correlation_key = ? and expires_at > now()
             and (visible_organization_ids is null or (?::uuid is null and visible_unowned) or ?::uuid = any(visible_organization_ids))
           order by published_at, id limit 1 for update skip locked)
         returning variables`,
        [req.name, req.correlationKey, organizationId, organizationId],
      );
      return taken[0] ? { buffered: { variables: taken[0].variables } } : {};
    });
  }

  async close(processInstanceId: string, subscriptionKey: number): Promise<void> {
    await this.em.execute('delete from event_subscription where process_instance_id = ? and subscription_key = ?', [
      processInstanceId,
      subscriptionKey,
    ]);
  }

  async findMessageSubscribers(name: string, correlationKey: string): Promise<string[]> {
    const rows = await this.em.execute<Array<{ process_instance_id: string }>>(
      `select distinct process_instance_id from event_subscription where event_type = 'message' and name = ? and correlation_key = ?`,
      [name, correlationKey],
    );
    return rows.map((r) => r.process_instance_id);
  }

  async findSignalSubscribers(name: string): Promise<string[]> {
    const rows = await this.em.execute<Array<{ process_instance_id: string }>>(
      `select distinct process_instance_id from event_subscription where event_type = 'signal' and name = ?`,
      [name],
    );
    return rows.map((r) => r.process_instance_id);
  }

  /** The latest version of each deployed process that a message of this name starts. */
  async findMessageStarts(name: string): Promise<Array<{ processId: string; elementId: string }>> {
    const rows = await this.em.execute<Array<{ process_id: string; starts: Array<{ elementId: string; messageName: string }> }>>(
      `select process_id, graph->'messageStartEvents' as starts from (
         select distinct on (process_id) process_id, graph from process_definition order by process_id, version desc) latest
       where graph->'messageStartEvents' @> ?::jsonb order by process_id`,
      [JSON.stringify([{ messageName: name }])],
    );
    return rows.flatMap((r) =>
      r.starts.filter((s) => s.messageName === name).map((s) => ({ processId: r.process_id, elementId: s.elementId })),
    );
  }

  /** The latest version of each deployed process that a signal of this name starts. */
  async findSignalStarts(name: string): Promise<Array<{ processId: string; elementId: string }>> {
    const rows = await this.em.execute<Array<{ process_id: string; starts: Array<{ elementId: string; signalName: string }> }>>(
      `select process_id, graph->'signalStartEvents' as starts from (
         select distinct on (process_id) process_id, graph from process_definition order by process_id, version desc) latest
       where graph->'signalStartEvents' @> ?::jsonb order by process_id`,
      [JSON.stringify([{ signalName: name }])],
    );
    return rows.flatMap((r) =>
      r.starts.filter((s) => s.signalName === name).map((s) => ({ processId: r.process_id, elementId: s.elementId })),
    );
  }

  /**
   * Keeps a message nobody waits for until `ttlMs` from now, for instances within `scope` (the
   * publisher's tenant scope: an agent's message never reaches another customer's instance later);
   * expired rows are purged on the way.
   */
  async buffer(
    name: string,
    correlationKey: string,
    variables: Record<string, unknown>,
    ttlMs: number,
    scope?: TenantScope,
  ): Promise<string> {
    const id = randomUUID();
    const organizations = !scope || scope.all ? null : `{${scope.organizationIds.join(',')}}`;
    const unowned = !scope || scope.all || scope.includeUnowned;
    await this.em.execute('delete from buffered_message where expires_at <= now()');
    await this.em.execute(
      `insert into buffered_message (id, name, correlation_key, variables, published_at, expires_at, visible_organization_ids, visible_unowned)
       values (?, ?, ?, ?::jsonb, now(), now() + (? || ' milliseconds')::interval, ?::uuid[], ?)`,
      [id, name, correlationKey, JSON.stringify(variables), String(ttlMs), organizations, unowned],
    );
    return id;
  }
}
