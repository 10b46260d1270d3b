import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, systemActor } from '../../audit/audit-log';
import { loadPrincipal } from '../../identity/domain/directory';
import { User } from '../../identity/domain/user.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import { MessagingConversation, MessagingMessage, type MessagingConnection, type MessagingOutcome } from './messaging.entities';

/** What a bridge posts for one message. */
export interface BridgedMessage {
  messageId: string;
  conversationId: string;
  sender: { externalId: string; name: string; email?: string };
  text: string;
}

export interface BridgedOutcome {
  outcome: MessagingOutcome;
  ticketNumber: string;
  /** True when this message id had been received before: the earlier outcome, nothing stored again. */
  duplicate: boolean;
}

/**
 * HTML and script in a bridged message are neutralised: tags are dropped (a bridge sends the text of a
 * message; markup in it is either formatting we do not render or an attempt at injection), the text is
 * kept. The desk shows entries as text in any case.
 */
export function neutralise(text: string): string {
  return text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?[a-z!][^>]*>/gi, '')
    .trim();
}

/**
 * The inbound half of a messaging bridge (issue 25): a conversation's first message opens a ticket on
 * the connection's channel; later ones are replies on it; after its ticket closed, a message reopens it
 * within the desk's reopening window, or opens a new ticket for the conversation after that. The sender
 * is the organisation's user with that e-mail, or the contact made for that external id the first time.
 * `em` is scoped to the connection's organisation.
 */
export class MessagingBridge {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
  ) {}

  async receive(connection: MessagingConnection, m: BridgedMessage, now = new Date()): Promise<BridgedOutcome> {
    const earlier = await this.earlier(connection, m.messageId);
    if (earlier) return earlier;
    const sender = await this.sender(connection, m);
    const as = (await loadPrincipal(this.em, sender.id, 'jwt'))!;
    const text = neutralise(m.text) || '(empty message)';
    const conversation = await this.em.findOne(MessagingConversation, { connectionId: connection.id, conversationId: m.conversationId });
    let ticket = conversation ? await this.em.findOneOrFail(Ticket, { id: conversation.ticketId }) : null;
    let outcome: MessagingOutcome = 'updated';
    if (ticket && FINISHED_STATES.includes(ticket.state)) {
      const options = await this.tickets.reopening(this.em).options(as, ticket.number, now);
      if (options.canReopen) outcome = 'reopened';
      else ticket = null;
    }
    if (!ticket) {
      ({ ticket } = await this.tickets
        .tickets(this.em)
        .create(as, { type: 'incident', title: titleOf(text, connection.kind), description: text }, undefined, undefined, {
          channel: connection.kind,
        }));
      outcome = 'created';
      if (conversation) conversation.ticketId = ticket.id;
      else
        this.em.create(MessagingConversation, {
          id: randomUUID(),
          connectionId: connection.id,
          conversationId: m.conversationId,
          ticketId: ticket.id,
          createdAt: now,
          organizationId: connection.organizationId ?? null,
        });
    }
    // Recorded before the reply is written: the outbound trigger knows a sender's entry is no desk reply.
    this.em.create(MessagingMessage, {
      id: randomUUID(),
      connectionId: connection.id,
      messageId: m.messageId,
      conversationId: m.conversationId,
      senderExternalId: m.sender.externalId,
      senderId: sender.id,
      ticketId: ticket.id,
      outcome,
      receivedAt: now,
      organizationId: connection.organizationId ?? null,
    });
    try {
      await this.em.flush();
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      // The same message id arrived twice at once: the other request stored it.
      this.em.clear();
      const other = await this.earlier(connection, m.messageId);
      if (other) return other;
      throw err;
    }
    if (outcome === 'reopened') await this.tickets.reopening(this.em).reopen(as, ticket.number, { comment: text }, now);
    if (outcome === 'updated') await this.tickets.tickets(this.em).addEntry(as, ticket.number, { kind: 'reply', body: text });
    return { outcome, ticketNumber: ticket.number, duplicate: false };
  }

  private async earlier(connection: MessagingConnection, messageId: string): Promise<BridgedOutcome | null> {
    const seen = await this.em.findOne(MessagingMessage, { connectionId: connection.id, messageId });
    if (!seen) return null;
    const ticket = await this.em.findOneOrFail(Ticket, { id: seen.ticketId });
    return { outcome: seen.outcome, ticketNumber: ticket.number, duplicate: true };
  }

  /** The organisation's user with the sender's e-mail, the contact made for the external id before, or a new contact. */
  private async sender(connection: MessagingConnection, m: BridgedMessage): Promise<User> {
    const organizationId = connection.organizationId!;
    if (m.sender.email) {
      const byMail = await this.em.findOne(User, { organizationId, active: true, email: { $ilike: m.sender.email } });
      if (byMail) return byMail;
    }
    const before = await this.em.findOne(
      MessagingMessage,
      { connectionId: connection.id, senderExternalId: m.sender.externalId, senderId: { $ne: null } },
      { orderBy: { receivedAt: 'desc' } },
    );
    const known = before ? await this.em.findOne(User, { id: before.senderId! }) : null;
    if (known) return known;
    const now = new Date();
    const digest = createHash('sha256').update(`${connection.id}:${m.sender.externalId}`).digest('hex').slice(0, 20);
    const username = `${connection.kind}-${digest}`;
    const existing = await this.em.findOne(User, { username });
    if (existing) return existing;
    const contact = this.em.create(User, {
      id: randomUUID(),
      username,
      displayName: neutralise(m.sender.name) || `${connection.kind} contact`,
      email: m.sender.email ?? null,
      phone: null,
      passwordHash: null,
      roles: ['requester'],
      organizationId,
      groupIds: [],
      servedOrganizationIds: [],
      active: true,
      skills: [],
      managerId: null,
      available: true,
      lastAssignedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, systemActor(`messaging:${connection.name}`), {
      action: 'user.created',
      entity: 'User',
      entityId: contact.id,
      after: { username },
    });
    await this.em.flush();
    return contact;
  }
}

function titleOf(text: string, kind: string): string {
  const line = text.split('\n')[0]!.trim();
  const head = line.length > 120 ? `${line.slice(0, 117)}…` : line;
  return head || `Message on ${kind}`;
}
