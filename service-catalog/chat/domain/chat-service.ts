// Over 300 lines because a chat's whole life is one aggregate: start, queue, take, messages, end, the sweep.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInput, NotFound, NotPermitted, RuleViolation, StaleVersion, WrongState } from '../../errors';
import { setTenantScope, TenantScope } from '../../db/tenant';
import { Group } from '../../identity/domain/group.entity';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import type { Logger } from '../../logger';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import type { OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import { routeTarget } from '../../routing/domain/route-preview';
import { businessIntervalsFrom, isBusinessTime } from '../../sla/domain/business-calendar';
import { BusinessCalendarRecord } from '../../sla/domain/business-calendar.entity';
import { TicketEntry } from '../../tickets/domain/ticket-entry.entity';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import { Ticket as TicketEntity } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import { refuseIfSwitchedOff } from './channel-switches';
import { Chat, ChatQueue, ChatSite, type ChatState } from './chat.entities';
import { filesOfMessages, type ChatFile } from './chat-file-view';
import { authorOf, queueEstimate, SYSTEM_AUTHOR, type ChatAuthor } from './chat-queue';

/** How long a chat waits for an agent when its group has no chat settings. */
export const DEFAULT_OFFER_SECONDS = 180;
/** The longest message either side may send (the API refuses longer ones, naming the field). */
export const CHAT_MESSAGE_MAX = 2000;

export interface ChatView {
  chatId: string;
  state: ChatState;
  ticketNumber: string;
  visitorName: string;
  groupKey: string | null;
  /** While waiting: the place in the group's queue and the estimated seconds until an agent takes it. */
  position: number | null;
  waitSeconds: number | null;
  /** Until when it is offered before it becomes a plain ticket. */
  offerUntil: string;
  agentName: string | null;
  /** Outside business hours: when the group is back (the chat was taken as a ticket instead). */
  backAt: string | null;
}

export interface ChatMessage {
  id: string;
  author: ChatAuthor;
  name: string;
  body: string;
  at: string;
  /** Files sent with the message (see chat-files.ts), downloaded through the chat. */
  attachments: ChatFile[];
}

export interface ChatStart {
  name: string;
  email?: string | null;
  message: string;
}

export interface ChatDeps {
  tickets: TicketServices;
  mail?: OutgoingMailDeps;
  log?: Logger;
}

/** An anonymous visitor of an organisation's widget: no user row, a requester of that organisation. */
export function visitorPrincipal(chatOrVisitor: { visitorName: string; organizationId?: string | null }): Principal {
  return {
    userId: `chat:${chatOrVisitor.visitorName}`,
    username: `chat:${chatOrVisitor.visitorName}`,
    displayName: chatOrVisitor.visitorName,
    roles: ['requester'],
    organizationId: chatOrVisitor.organizationId ?? null,
    servedOrganizationIds: [],
    groupKeys: [],
    via: 'system',
  };
}

/** The desk's own notices in a chat (queue, closing hours, became a ticket). */
function deskPrincipal(organizationId: string | null): Principal {
  return { ...visitorPrincipal({ visitorName: SYSTEM_AUTHOR, organizationId }), userId: 'chat:desk', username: 'system:chat' };
}

/** An entity manager that sees every organisation, for counts that reveal nothing (a queue position) and the sweep. */
export function everyTenant(em: EntityManager, reason: string): EntityManager {
  const all = em.fork() as EntityManager;
  setTenantScope(all, TenantScope.all(reason));
  return all;
}

/** An entity manager scoped to one organisation, as its requester's would be (a visitor of its widget). */
export function organizationScope(em: EntityManager, organizationId: string): EntityManager {
  const scoped = em.fork() as EntityManager;
  setTenantScope(scoped, TenantScope.of([organizationId], false));
  return scoped;
}

/**
 * Live chat as a ticket (issue 25). A chat starts a ticket on the `chat` channel routed like any other
 * (the routing rules choose the group), whose public replies are the transcript; it is offered to the
 * available agents of that group until one takes it (first come: the second gets 409) or the group's
 * time passes, when it stays a plain ticket and the visitor is told. Outside the group's business hours
 * it is a ticket from the start and the visitor is told when the desk is back. `em` carries the caller's
 * tenant scope (an agent's, a requester's, or the widget organisation's for a visitor).
 */
export class ChatService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: ChatDeps,
  ) {}

  /** The site a widget key names (403 for a key nobody issued or a site switched off), and whether the browser's origin may use it. */
  static async siteByKey(em: EntityManager, siteKey: string, origin: string | undefined, ownOrigin: string): Promise<ChatSite> {
    const site = await everyTenant(em, 'chat widget: resolving a site key').findOne(ChatSite, { siteKey });
    if (!site) throw new NotPermitted('UNKNOWN_SITE_KEY', 'this site key is not known to the desk');
    refuseIfSwitchedOff('chatSite', site);
    if (origin && origin !== ownOrigin && !site.allowedOrigins.includes(origin))
      throw new NotPermitted('ORIGIN_NOT_ALLOWED', `the site key may not be used from ${origin}`);
    return site;
  }

  /** Whether chats of this organisation reach someone now, and otherwise when the desk is back. */
  async availability(
    organizationId: string | null,
    now = new Date(),
  ): Promise<{ open: boolean; backAt: string | null; groupKey: string | null }> {
    const { groupKey, queue } = await this.route(organizationId);
    const backAt = await this.closedUntil(queue, now);
    return { open: !backAt, backAt: backAt?.toISOString() ?? null, groupKey };
  }

  /**
   * Starts a chat: the ticket (its first reply the visitor's message), then the chat row, waiting for an
   * agent, or — outside business hours — already a ticket, with the desk's notice of when it is back.
   */
  async start(principal: Principal, site: ChatSite | null, input: ChatStart, now = new Date()): Promise<ChatView> {
    if (input.name.trim().toLowerCase() === SYSTEM_AUTHOR.toLowerCase())
      throw new InvalidInput('NAME_RESERVED', `"${SYSTEM_AUTHOR}" is the desk's own name`, [
        { field: 'payload.name', message: 'choose another name' },
      ]);
    const organizationId = site ? site.organizationId : principal.organizationId;
    if (!organizationId)
      throw new RuleViolation('NO_ORGANIZATION', 'a chat belongs to a customer organisation: sign in as its requester or use its site key');
    const { groupKey, queue } = await this.route(organizationId);
    const closedUntil = await this.closedUntil(queue, now);
    const title = input.message.replace(/\s+/g, ' ').trim().slice(0, 80) || 'Chat';
    const description = `Chat from ${input.name}${input.email ? ` <${input.email}>` : ''}:\n\n${input.message}`;
    const tickets = this.deps.tickets.tickets(this.em);
    const { ticket } = await tickets.create(principal, { type: site?.ticketType ?? 'incident', title, description }, undefined, undefined, {
      channel: 'chat',
    });
    await tickets.addEntry(principal, ticket.number, { kind: 'reply', body: input.message }, { toProcess: false });
    const chat = this.em.create(Chat, {
      id: randomUUID(),
      ticketId: ticket.id,
      siteId: site?.id ?? null,
      requesterId: principal.via === 'system' ? null : principal.userId,
      visitorName: input.name,
      visitorEmail: input.email ?? null,
      groupKey,
      state: closedUntil ? 'ticket' : 'waiting',
      agentId: null,
      startedAt: now,
      offerUntil: new Date(now.getTime() + (queue?.offerSeconds ?? DEFAULT_OFFER_SECONDS) * 1000),
      takenAt: null,
      endedAt: closedUntil ? now : null,
      organizationId,
    });
    await this.em.flush();
    if (closedUntil) {
      await this.notice(
        chat,
        ticket,
        `We are away now and back at ${closedUntil.toISOString()}. Your message is ticket ${ticket.number}: the desk answers it here and by e-mail.`,
      );
      await this.acknowledge(chat, ticket);
    }
    return this.view(chat, now);
  }

  /** A chat the caller's scope may see, or 404. */
  async get(chatId: string): Promise<Chat> {
    const chat = await this.em.findOne(Chat, { id: chatId }, { refresh: true });
    if (!chat) throw new NotFound('CHAT_NOT_FOUND', `chat ${chatId} does not exist`);
    return chat;
  }

  async view(chat: Chat, now = new Date()): Promise<ChatView> {
    const ticket = await this.ticketOf(chat);
    let position: number | null = null;
    let waitSeconds: number | null = null;
    if (chat.state === 'waiting') ({ position, waitSeconds } = await this.estimate(chat));
    const agent = chat.agentId ? await this.em.findOne(User, { id: chat.agentId }) : null;
    let backAt: string | null = null;
    if (chat.state === 'ticket' && chat.endedAt && chat.endedAt.getTime() === chat.startedAt.getTime()) {
      backAt = (await this.closedUntil((await this.route(chat.organizationId ?? null)).queue, now))?.toISOString() ?? null;
    }
    return {
      chatId: chat.id,
      state: chat.state,
      ticketNumber: ticket.number,
      visitorName: chat.visitorName,
      groupKey: chat.groupKey ?? null,
      position,
      waitSeconds,
      offerUntil: chat.offerUntil.toISOString(),
      agentName: agent?.displayName ?? null,
      backAt,
    };
  }

  /** The transcript (public replies), oldest first; after `afterId`, only what came since. */
  async transcript(chat: Chat, afterId?: string): Promise<ChatMessage[]> {
    const entries = await this.em.find(
      TicketEntry,
      { ticketId: chat.ticketId, kind: 'reply' },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const from = afterId ? entries.findIndex((e) => e.id === afterId) + 1 : 0;
    const shown = entries.slice(from);
    const files = await filesOfMessages(
      this.em,
      chat,
      shown.map((e) => e.id),
    );
    return shown.map((e) => ({
      id: e.id,
      author: authorOf({ authorId: e.authorId ?? null, authorName: e.authorName }, { requesterId: chat.requesterId ?? null }),
      name: e.authorName,
      body: e.body,
      at: e.createdAt.toISOString(),
      attachments: files.get(e.id) ?? [],
    }));
  }

  /**
   * A message into the chat: the visitor's while it is open or became a ticket (it is a reply on the
   * ticket then), an agent's only from the agent who took it.
   */
  async post(chat: Chat, side: 'visitor' | 'agent', principal: Principal, body: string): Promise<ChatMessage> {
    ChatService.assertMaySay(chat, side, principal);
    const ticket = await this.ticketOf(chat);
    const entry = await this.deps.tickets
      .tickets(this.em)
      .addEntry(principal, ticket.number, { kind: 'reply', body }, { toProcess: chat.state === 'ticket' });
    return {
      id: entry.id,
      author: side,
      name: entry.authorName,
      body: entry.body,
      at: entry.createdAt.toISOString(),
      attachments: [],
    };
  }

  /** Who may say something (or send a file) in a chat: its visitor until it ends, an agent only once they took it. */
  static assertMaySay(chat: Chat, side: 'visitor' | 'agent', principal: Principal): void {
    if (side === 'agent' && chat.agentId !== principal.userId)
      throw new NotPermitted('CHAT_NOT_YOURS', 'only the agent who took this chat answers in it; take it first');
    if (chat.state === 'ended') throw new WrongState('CHAT_ENDED', 'this chat has ended');
  }

  /** Announces that one side types (no row: a NOTIFY every API node's chat streams hear). */
  async typing(chat: Chat, who: 'agent' | 'visitor'): Promise<void> {
    const payload = JSON.stringify({ k: 'typing', id: chat.ticketId, o: chat.organizationId ?? null, w: who });
    await this.em.getConnection().execute(`select pg_notify('flowdesk_live', ?)`, [payload]);
  }

  /**
   * An agent of the chat's group takes it: the first wins, a second gets 409. The ticket is assigned to
   * them (in the chat's group), as taking a ticket from the queue does.
   */
  async take(principal: Principal, chatId: string, now = new Date()): Promise<Chat> {
    const chat = await this.get(chatId);
    if (!hasRole(principal, 'agent', 'admin')) throw new NotPermitted('NOT_AN_AGENT', 'only agents take chats');
    if (chat.groupKey && !principal.groupKeys.includes(chat.groupKey) && !hasRole(principal, 'admin'))
      throw new NotPermitted('NOT_IN_GROUP', `this chat is offered to group "${chat.groupKey}"`);
    const taken = await this.em.nativeUpdate(
      Chat,
      { id: chat.id, state: 'waiting' },
      { state: 'active', agentId: principal.userId, takenAt: now },
    );
    if (taken !== 1) {
      const fresh = await this.get(chat.id);
      throw new WrongState(
        fresh.state === 'active' ? 'CHAT_TAKEN' : 'CHAT_NOT_WAITING',
        fresh.state === 'active' ? 'another agent took this chat first' : `this chat is ${fresh.state}, not waiting`,
      );
    }
    try {
      await this.assign(principal, await this.ticketOf(chat), chat.groupKey ?? null);
    } catch (err) {
      // The chat is theirs either way; the ticket stays where routing put it and the desk can reassign it.
      this.deps.log?.warn({ err, chat: chat.id }, 'chat: taken, but its ticket could not be assigned to the agent');
    }
    return this.get(chat.id);
  }

  /** Either side closes the chat; the ticket stays with its process (the agent resolves it as usual). */
  async end(chat: Chat, side: 'visitor' | 'agent', principal: Principal, now = new Date()): Promise<Chat> {
    if (side === 'agent' && chat.agentId !== principal.userId && !hasRole(principal, 'admin'))
      throw new NotPermitted('CHAT_NOT_YOURS', 'only the agent who took this chat ends it');
    if (chat.state === 'ended' || chat.state === 'ticket') return chat;
    await this.em.nativeUpdate(Chat, { id: chat.id, state: chat.state }, { state: 'ended', endedAt: now });
    await this.notice(chat, await this.ticketOf(chat), `${side === 'agent' ? 'The agent' : principal.displayName} ended the chat.`);
    return this.get(chat.id);
  }

  /**
   * What the desk's chat view shows an agent: the chats waiting in their groups (offered only while they
   * are available) and the chats they have taken and not ended.
   */
  async desk(principal: Principal, now = new Date()): Promise<{ available: boolean; waiting: ChatView[]; mine: ChatView[] }> {
    const me = await this.em.findOne(User, { id: principal.userId });
    const available = !!me?.available;
    const waiting =
      available && principal.groupKeys.length
        ? await this.em.find(Chat, { state: 'waiting', groupKey: { $in: principal.groupKeys } }, { orderBy: { startedAt: 'asc' } })
        : [];
    const mine = await this.em.find(Chat, { state: 'active', agentId: principal.userId }, { orderBy: { takenAt: 'asc' } });
    return {
      available,
      waiting: await Promise.all(waiting.map((c) => this.view(c, now))),
      mine: await Promise.all(mine.map((c) => this.view(c, now))),
    };
  }

  /**
   * Chats nobody took in their group's time become plain tickets: each is claimed by one statement (so
   * with several API nodes sweeping, one of them tells the visitor, once), then the visitor is told in
   * the chat and by mail. `em` sees every organisation. @returns the chats converted.
   */
  static async sweep(em: EntityManager, deps: ChatDeps, now = new Date()): Promise<string[]> {
    const due = await em.find(Chat, { state: 'waiting', offerUntil: { $lte: now } }, { limit: 100 });
    const converted: string[] = [];
    for (const chat of due) {
      const claimed = await em.nativeUpdate(Chat, { id: chat.id, state: 'waiting' }, { state: 'ticket', endedAt: now });
      if (claimed !== 1) continue;
      const service = new ChatService(organizationScope(em, chat.organizationId!), deps);
      const ticket = await service.ticketOf(chat);
      await service.notice(
        chat,
        ticket,
        `Nobody was free to chat in time. Your chat is now ticket ${ticket.number}: the desk answers it here and by e-mail.`,
      );
      await service.acknowledge(chat, ticket);
      converted.push(chat.id);
    }
    return converted;
  }

  private async estimate(chat: Chat): Promise<{ position: number; waitSeconds: number }> {
    // Every organisation's chats queue in the group: counts only, no row of another tenant leaves here.
    const all = everyTenant(this.em, 'chat queue position: counts across organisations');
    const ahead = await all.count(Chat, { state: 'waiting', groupKey: chat.groupKey ?? null, startedAt: { $lt: chat.startedAt } });
    const group = chat.groupKey ? await all.findOne(Group, { key: chat.groupKey }) : null;
    const agents = group ? await all.count(User, { groupIds: { $contains: [group.id] }, active: true, available: true }) : 0;
    const recent = await all.find(
      Chat,
      { groupKey: chat.groupKey ?? null, takenAt: { $ne: null } },
      { orderBy: { takenAt: 'desc' }, limit: 20, fields: ['startedAt', 'takenAt'] },
    );
    return queueEstimate(
      ahead,
      agents,
      recent.map((c) => (c.takenAt!.getTime() - c.startedAt.getTime()) / 1000),
    );
  }

  /** The group the routing rules choose for a chat of this organisation (nothing else is known yet), and its chat settings. */
  private async route(organizationId: string | null): Promise<{ groupKey: string | null; queue: ChatQueue | null }> {
    const target = await routeTarget(this.em, { organizationId, category: null, subcategory: null, serviceId: null, priority: null });
    const queue = target.key ? await this.em.findOne(ChatQueue, { groupKey: target.key }) : null;
    return { groupKey: target.key, queue };
  }

  /** Null while the group's calendar is in business hours (or it has none), else when its next hours start. */
  private async closedUntil(queue: ChatQueue | null, now: Date): Promise<Date | null> {
    if (!queue?.calendarId) return null;
    const calendar = await this.em.findOne(BusinessCalendarRecord, { id: queue.calendarId });
    if (!calendar || isBusinessTime(calendar.definition, now.getTime())) return null;
    const next = businessIntervalsFrom(calendar.definition, now.getTime()).next();
    return next.done ? null : new Date(next.value.start);
  }

  async ticketOf(chat: Chat): Promise<Ticket> {
    const ticket = await this.em.findOne(TicketEntity, { id: chat.ticketId });
    if (!ticket) throw new NotFound('CHAT_NOT_FOUND', `chat ${chat.id} does not exist`);
    return ticket;
  }

  private async notice(chat: Chat, ticket: Ticket, body: string): Promise<void> {
    await this.deps.tickets
      .tickets(this.em)
      .addEntry(deskPrincipal(chat.organizationId ?? null), ticket.number, { kind: 'reply', body }, { toProcess: false });
  }

  /** The ticket's "we have received it" mail, to the visitor's address (a signed-in requester's own otherwise). */
  private async acknowledge(chat: Chat, ticket: Ticket): Promise<void> {
    if (!this.deps.mail) return;
    try {
      const to = chat.visitorEmail ? { displayName: chat.visitorName, email: chat.visitorEmail } : undefined;
      await new TicketMailer(this.em, this.deps.mail).acknowledge(ticket, to);
    } catch (err) {
      this.deps.log?.warn({ err, ticket: ticket.number }, 'chat: could not acknowledge the ticket by mail');
    }
  }

  /** Assigns the chat's ticket to the agent who took it; retried when its process wrote the ticket meanwhile. */
  private async assign(principal: Principal, ticket: Ticket, groupKey: string | null): Promise<void> {
    const actions = this.deps.tickets.actions(this.em);
    for (let attempt = 0; ; attempt++) {
      const fresh = await this.em.findOneOrFail(TicketEntity, { id: ticket.id }, { refresh: true });
      try {
        await actions.assign(principal, fresh.number, {
          version: fresh.version,
          ...(groupKey ? { assignmentGroup: groupKey } : {}),
          assigneeId: principal.userId,
        });
        return;
      } catch (err) {
        if (!(err instanceof StaleVersion) || attempt >= 4) throw err;
      }
    }
  }
}
