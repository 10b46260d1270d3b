import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInput, NotFound, RuleViolation } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import { Service } from '../../services/domain/service.entity';
import { IdempotencyRecord } from '../../tickets/domain/idempotency-record.entity';
import type { TicketService } from '../../tickets/domain/ticket-service';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import { CatalogRequest, type CatalogItem } from './catalog.entities';
import { CatalogService } from './catalog-service';
import { checkAnswers } from './request-form';

/** The group fulfilment tasks go to when neither the item nor its service names one. */
export const DEFAULT_FULFILMENT_GROUP = 'service-desk';

/**
 * Ordering from the catalog: the answers are checked against the item's form (400 naming each bad
 * field, nothing written), then a service request ticket is raised with them and the item's
 * fulfilment process starts, all through the one ticket creation every channel uses.
 */
export class CatalogOrdering {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketService,
  ) {}

  /**
   * @param idempotencyKey the requester's key for this order: a retry with the same key and body gets
   *   the first order (`replayed`), never a second ticket; the same key with another item or other
   *   answers is refused (422 IDEMPOTENCY_KEY_REUSED naming the header).
   */
  async submit(
    principal: Principal,
    itemId: string,
    input: { answers: Record<string, unknown>; organizationId?: string | null; description?: string },
    idempotencyKey?: string,
  ): Promise<{ ticket: Ticket; request: CatalogRequest; item: CatalogItem; replayed: boolean }> {
    const item = await new CatalogService(this.em).getItem(principal, itemId);
    const requestHash = createHash('sha256')
      .update(
        JSON.stringify({ order: itemId, answers: input.answers, organizationId: input.organizationId, description: input.description }),
      )
      .digest('hex');
    if (idempotencyKey) await this.keyFree(principal, idempotencyKey, requestHash);
    const problems = checkAnswers(item.formSchema, input.answers);
    if (problems.length)
      throw new InvalidInput(
        'INVALID_ANSWERS',
        problems.map((p) => `payload.answers.${p.field}: ${p.message}`).join('; '),
        problems.map((p) => ({ field: `payload.answers.${p.field}`, message: p.message })),
      );
    const service = item.serviceId ? await this.em.findOne(Service, { id: item.serviceId }) : null;
    const fulfilmentGroup = item.fulfilmentGroup ?? service?.supportGroup ?? DEFAULT_FULFILMENT_GROUP;
    let request: CatalogRequest | undefined;
    const { ticket, replayed } = await this.tickets.create(
      principal,
      {
        type: 'request',
        title: item.name,
        description: input.description ?? summary(item, input.answers),
        ...(service ? { service: service.name, serviceId: service.id } : {}),
        ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
      },
      idempotencyKey,
      undefined,
      {
        processId: item.processId,
        variables: {
          catalogItemId: item.id,
          catalogItemName: item.name,
          answers: input.answers,
          approvalPolicy: item.approvalPolicy,
          // What the cost-based approval compares with the policy's threshold; no price costs nothing.
          cost: item.priceAmount ?? 0,
          fulfilmentGroup,
        },
        requestHash,
        writeWith: (em, created) => {
          request = em.create(CatalogRequest, {
            id: randomUUID(),
            ticketId: created.id,
            catalogItemId: item.id,
            catalogItemName: item.name,
            answers: input.answers,
            organizationId: created.organizationId ?? null,
            createdAt: new Date(),
          });
        },
      },
    );
    // A replay wrote nothing: the order is the one the first attempt wrote with its ticket.
    return { ticket, request: replayed ? await this.ofTicket(ticket) : request!, item, replayed };
  }

  /**
   * Refuses a key this requester already used for another order or another ticket: 422, since the
   * request is well formed but names a key that is taken. The same order again passes, and ticket
   * creation answers it with the first ticket.
   */
  private async keyFree(principal: Principal, key: string, requestHash: string): Promise<void> {
    const earlier = await this.em.findOne(IdempotencyRecord, { actorId: principal.userId, key });
    if (earlier && earlier.requestHash !== requestHash)
      throw new RuleViolation('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was used for a different request`, [
        { field: 'headers.idempotency-key', message: 'already used for another order or ticket: use a new key for a new order' },
      ]);
  }

  /** The order behind a request ticket, for whoever may see the ticket. */
  async ofTicket(ticket: Ticket): Promise<CatalogRequest> {
    const found = await this.em.findOne(CatalogRequest, { ticketId: ticket.id });
    if (!found) throw new NotFound('CATALOG_REQUEST_NOT_FOUND', `${ticket.number} was not ordered from the catalog`);
    return found;
  }
}

/** The ticket's description: the answers as the desk reads them, label by label. */
function summary(item: CatalogItem, answers: Record<string, unknown>): string {
  const labels = new Map<string, string>();
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as Array<Record<string, unknown>>) {
      if (typeof c.key === 'string') labels.set(c.key, typeof c.label === 'string' ? c.label : c.key);
      walk(c.components);
    }
  };
  walk(item.formSchema.components);
  const lines = Object.entries(answers).map(([k, v]) => `${labels.get(k) ?? k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  return [`Ordered from the catalog: ${item.name}`, ...lines].join('\n');
}
