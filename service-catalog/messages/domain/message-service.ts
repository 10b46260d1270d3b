import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { TENANT_FILTER, type TenantScope } from '../../db/tenant';
import { WrongState } from '../../errors';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { ProcessInstanceService } from '../../processes/domain/process-instance-service';
import { EventSubscriptionStore } from './event-subscription-store';
import { claimMessageId, releaseMessageId } from './message-uniqueness';

export interface PublishedMessage {
  messageId: string;
  correlatedProcessInstanceIds: string[];
  /** Instances the message started through a message start event (the latest version of each process that has one). */
  startedProcessInstanceIds: string[];
  buffered: boolean;
}

/**
 * BPMN message correlation and signal broadcast over Temporal, which has neither: the subscription
 * table says which instances wait; each is asked through a workflow update, which the instance
 * refuses if it no longer waits. Only instances the caller may see (tenant filter) are considered.
 */
export class MessageService {
  private readonly store: EventSubscriptionStore;

  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {
    this.store = new EventSubscriptionStore(em);
  }

  /**
   * Every visible instance waiting for `name` + `correlationKey` gets the message, and the latest
   * version of every process with a message start event of that name starts an instance (owned by
   * `organizationId`); if nothing took it and `timeToLiveMs` > 0, it is buffered and the first instance to start
   * waiting for it within that time gets it.
   * With a `deliveryId` (one answer of a user, however often it is retried), each instance is asked
   * through an update of that id, so retries join the first request instead of piling up beside it:
   * Temporal holds at most ten updates in flight per instance and refuses the rest.
   */
  async publish(
    msg: {
      name: string;
      correlationKey: string;
      variables: Record<string, unknown>;
      timeToLiveMs: number;
      deliveryId?: string;
      /**
       * The publisher's own id of the message (Camunda's `messageId`), kept in the audit entry. With a time
       * to live, the same id (in this tenant, with this name and correlation key) is refused until it has passed.
       */
      callerMessageId?: string;
    },
    actor: Actor,
    organizationId: string | null = null,
  ): Promise<PublishedMessage> {
    if (msg.callerMessageId === undefined || msg.timeToLiveMs <= 0) return this.deliver(msg, actor, organizationId);
    const id = { organizationId, name: msg.name, correlationKey: msg.correlationKey, messageId: msg.callerMessageId };
    if (!(await claimMessageId(this.em, id, msg.timeToLiveMs)))
      throw new WrongState(
        'MESSAGE_ALREADY_PUBLISHED',
        `message "${msg.name}" with correlation key "${msg.correlationKey}" and messageId "${msg.callerMessageId}" was published before and its time to live has not passed`,
      );
    try {
      return await this.deliver(msg, actor, organizationId);
    } catch (err) {
      await releaseMessageId(this.em, id);
      throw err;
    }
  }

  private async deliver(
    msg: Parameters<MessageService['publish']>[0],
    actor: Actor,
    organizationId: string | null,
  ): Promise<PublishedMessage> {
    const messageId = randomUUID();
    const correlated: string[] = [];
    for (const id of await this.visible(await this.store.findMessageSubscribers(msg.name, msg.correlationKey))) {
      if (
        await this.engine.correlateMessage(
          id,
          { name: msg.name, correlationKey: msg.correlationKey, variables: msg.variables },
          msg.deliveryId,
        )
      )
        correlated.push(id);
    }
    const started: string[] = [];
    for (const { processId, elementId } of await this.store.findMessageStarts(msg.name)) {
      const instance = await new ProcessInstanceService(this.em, this.engine).start(
        { processId, variables: msg.variables, startEventId: elementId },
        { actor, organizationId },
      );
      started.push(instance.id);
    }
    const buffered = correlated.length === 0 && started.length === 0 && msg.timeToLiveMs > 0;
    await this.em.transactional(async (em) => {
      if (buffered) {
        const scope = this.em.getFilterParams<TenantScope>(TENANT_FILTER);
        await new EventSubscriptionStore(em).buffer(msg.name, msg.correlationKey, msg.variables, msg.timeToLiveMs, scope);
      }
      recordAudit(em, actor, {
        action: 'message.published',
        entity: 'Message',
        entityId: messageId,
        after: {
          name: msg.name,
          correlationKey: msg.correlationKey,
          ...(msg.callerMessageId ? { callerMessageId: msg.callerMessageId } : {}),
          timeToLiveMs: msg.timeToLiveMs,
          correlatedProcessInstanceIds: correlated,
          startedProcessInstanceIds: started,
          buffered,
        },
      });
      await em.flush();
    });
    return { messageId, correlatedProcessInstanceIds: correlated, startedProcessInstanceIds: started, buffered };
  }

  /**
   * A signal reaches every visible instance waiting for it now, and starts the latest version of every
   * process with a signal start event of that name (owned by `organizationId`); signals are not buffered.
   * With a `deliveryId` (a signal thrown by a process, whose activity may be retried after reaching only
   * some instances) it is idempotent: an instance it already triggered is not triggered again, and the
   * instances it starts have ids derived from it, so a retry finds them instead of starting more.
   */
  async broadcastSignal(
    signal: { name: string; variables: Record<string, unknown> },
    actor: Actor,
    organizationId: string | null = null,
    deliveryId?: string,
  ): Promise<{ signalId: string; triggeredProcessInstanceIds: string[]; startedProcessInstanceIds: string[] }> {
    const signalId = randomUUID();
    const triggered: string[] = [];
    for (const id of await this.visible(await this.store.findSignalSubscribers(signal.name))) {
      if (await this.engine.broadcastSignal(id, signal, deliveryId)) triggered.push(id);
    }
    const started: string[] = [];
    for (const { processId, elementId } of await this.store.findSignalStarts(signal.name)) {
      const instanceId = deliveryId === undefined ? randomUUID() : deliveryUuid(deliveryId, processId, elementId);
      if (deliveryId !== undefined && (await this.em.findOne(ProcessInstance, { id: instanceId }, { fields: ['id'] }))) continue; // an earlier attempt started it
      started.push(
        (
          await new ProcessInstanceService(this.em, this.engine).start(
            { processId, variables: signal.variables, startEventId: elementId },
            { actor, organizationId },
            instanceId,
          )
        ).id,
      );
    }
    recordAudit(this.em, actor, {
      action: 'signal.broadcast',
      entity: 'Signal',
      entityId: signalId,
      after: {
        name: signal.name,
        ...(deliveryId !== undefined ? { deliveryId } : {}),
        triggeredProcessInstanceIds: triggered,
        startedProcessInstanceIds: started,
      },
    });
    await this.em.flush();
    return { signalId, triggeredProcessInstanceIds: triggered, startedProcessInstanceIds: started };
  }

  /** The ids among `ids` whose instance the caller's tenant scope includes, oldest first. */
  private async visible(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const instances = await this.em.find(ProcessInstance, { id: { $in: ids } }, { orderBy: { startedAt: 'asc' }, fields: ['id'] });
    return instances.map((i) => i.id);
  }
}

/** A UUID (version 8: custom) that the same delivery of a signal to the same start event always yields. */
export function deliveryUuid(deliveryId: string, processId: string, startEventId: string): string {
  const hex = createHash('sha256').update(`${deliveryId}\n${processId}\n${startEventId}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
