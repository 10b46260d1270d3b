import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerRoute } from '@hapi/hapi';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, UnknownGroup } from '../../errors';
import { actorOf } from '../../identity/domain/principal';
import { principalOf, tooManyRequests } from '../../identity/auth-plugin';
import { Organization } from '../../identity/domain/organization.entity';
import { Group } from '../../identity/domain/group.entity';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import { BusinessCalendarRecord } from '../../sla/domain/business-calendar.entity';
import { ChatService, organizationScope, visitorPrincipal } from '../domain/chat-service';
import { changeChannel, channelState, siteOrigins, type ChannelChanges } from '../domain/channel-switches';
import { ChatQueue, ChatSite } from '../domain/chat.entities';
import {
  chatQueue,
  chatQueueList,
  chatSite,
  chatSiteChanges,
  chatSiteList,
  chatSiteParams,
  contactAccepted,
  contactPayload,
  createSitePayload,
  queueParams,
  queuePayload,
} from '../schemas';
import { clientAddress, WIDGET_CORS, type ChatRouteDeps } from './chat-routes';

/** Widget keys and chat queues are desk configuration: admins keep them. */
const ADMIN_ONLY = { access: { scope: ['admin'] } };

const present = (s: ChatSite) => ({
  id: s.id,
  organizationId: s.organizationId!,
  name: s.name,
  siteKey: s.siteKey,
  allowedOrigins: s.allowedOrigins,
  ticketType: s.ticketType,
  createdAt: s.createdAt,
  ...channelState(s),
});

interface ContactForm {
  siteKey: string;
  name: string;
  email: string;
  subject: string;
  message: string;
  fields?: Record<string, string>;
  website?: string;
}

/** The public contact form (one per organisation, by its site key) and the admin's widget and queue settings. */
export function contactAndSiteRoutes(deps: ChatRouteDeps): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/contact',
      options: {
        tags: ['api', 'chat'],
        auth: false,
        cors: WIDGET_CORS,
        description: 'The contact form of an organisation (no login): a ticket on the `form` channel, acknowledged by mail',
        notes:
          '202 `{ received: true }`. Spam protection without a captcha: at most 5 forms a minute per address (429 with Retry-After), and the hidden `website` field — filled in by bots, never by people — makes the form look received while nothing is stored. 403 unknown site key or origin; 400 names each missing or invalid field.',
        validate: { payload: contactPayload },
        response: { status: { 202: contactAccepted } },
      },
      async handler(request, h) {
        const form = request.payload as ContactForm;
        const site = await ChatService.siteByKey(
          request.app.em,
          form.siteKey,
          request.headers.origin as string | undefined,
          deps.ownOrigin,
        );
        const wait = await deps.limits.contact.take(request.app.em, `${clientAddress(request)}|${site.id}`);
        if (wait > 0) throw tooManyRequests(wait, 'too many contact forms from this address');
        if (form.website) {
          deps.log?.info({ site: site.id }, 'contact form: honeypot filled in, nothing stored');
          return h.response({ received: true }).code(202);
        }
        const em = organizationScope(request.app.em, site.organizationId!);
        const visitor = visitorPrincipal({ visitorName: form.name, organizationId: site.organizationId ?? null });
        const extra = Object.entries(form.fields ?? {})
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n');
        const { ticket } = await deps.tickets.tickets(em).create(
          visitor,
          {
            type: site.ticketType,
            title: form.subject,
            description: `Contact form from ${form.name} <${form.email}>:\n\n${form.message}${extra ? `\n\n${extra}` : ''}`,
          },
          undefined,
          undefined,
          { channel: 'form' },
        );
        if (deps.mail) {
          try {
            await new TicketMailer(em, deps.mail).acknowledge(ticket, { displayName: form.name, email: form.email });
          } catch (err) {
            deps.log?.warn({ err, ticket: ticket.number }, 'contact form: could not acknowledge by mail');
          }
        }
        return h.response({ received: true }).code(202);
      },
    },
    {
      method: 'GET',
      path: '/chat-sites',
      options: {
        tags: ['api', 'chat'],
        description: 'Chat widgets and contact forms of the organisations you may see (admins)',
        auth: ADMIN_ONLY,
        response: { schema: chatSiteList },
      },
      async handler(request) {
        principalOf(request);
        return (await request.app.em.find(ChatSite, {}, { orderBy: { createdAt: 'asc' } })).map(present);
      },
    },
    {
      method: 'POST',
      path: '/chat-sites',
      options: {
        tags: ['api', 'chat'],
        description: 'Issue a site key for an organisation’s widget and contact form, with the origins allowed to embed it (admins)',
        auth: ADMIN_ONLY,
        validate: { payload: createSitePayload },
        response: { status: { 201: chatSite } },
      },
      async handler(request, h) {
        const principal = principalOf(request);
        const input = request.payload as { organizationId: string; name: string; allowedOrigins: string[]; ticketType: 'incident' };
        const em = request.app.em;
        if (!(await em.findOne(Organization, { id: input.organizationId })))
          throw new NotFound('ORGANIZATION_NOT_FOUND', `organization ${input.organizationId} does not exist`);
        const site = em.create(ChatSite, {
          id: randomUUID(),
          organizationId: input.organizationId,
          name: input.name,
          siteKey: `fdk_${randomBytes(18).toString('base64url')}`,
          allowedOrigins: siteOrigins(input.allowedOrigins),
          ticketType: input.ticketType,
          createdAt: new Date(),
        });
        recordAudit(em, actorOf(principal), {
          action: 'chatSite.created',
          entity: 'ChatSite',
          entityId: site.id,
          after: { name: site.name },
        });
        await em.flush();
        return h.response(present(site)).code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/chat-sites/{id}',
      options: {
        tags: ['api', 'chat'],
        description: 'Rename a chat site, change the origins allowed to embed it, or switch it off or on again (admins)',
        notes:
          'While `active` is false the widget (availability, new chats) and the contact form refuse its key with 403 `CHAT_SITE_DISABLED`; chats already open go on. 404 for an unknown site.',
        auth: ADMIN_ONLY,
        validate: { params: chatSiteParams, payload: chatSiteChanges },
        response: { schema: chatSite },
      },
      async handler(request) {
        const changes = request.payload as ChannelChanges;
        return present(await changeChannel(request.app.em, principalOf(request), 'chatSite', request.params.id as string, changes));
      },
    },
    {
      method: 'GET',
      path: '/chat-queues',
      options: {
        tags: ['api', 'chat'],
        description: 'The chat settings of every group that has them (admins); a group without one offers chats for the default time',
        auth: ADMIN_ONLY,
        response: { schema: chatQueueList },
      },
      async handler(request) {
        principalOf(request);
        const queues = await request.app.em.find(ChatQueue, {}, { orderBy: { groupKey: 'asc' } });
        return queues.map((q) => ({ groupKey: q.groupKey, offerSeconds: q.offerSeconds, calendarId: q.calendarId ?? null }));
      },
    },
    {
      method: 'PUT',
      path: '/chat-queues/{key}',
      options: {
        tags: ['api', 'chat'],
        description: 'A group’s chat settings (admins): how long a chat waits for an agent, and the calendar of its hours',
        validate: { params: queueParams, payload: queuePayload },
        auth: ADMIN_ONLY,
        response: { schema: chatQueue },
      },
      async handler(request) {
        const principal = principalOf(request);
        const key = request.params.key as string;
        const input = request.payload as { offerSeconds: number; calendarId: string | null };
        const em = request.app.em;
        if (!(await em.findOne(Group, { key }))) throw new UnknownGroup(key, 'params.key');
        if (input.calendarId && !(await em.findOne(BusinessCalendarRecord, { id: input.calendarId })))
          throw new NotFound('CALENDAR_NOT_FOUND', `calendar ${input.calendarId} does not exist`);
        const queue =
          (await em.findOne(ChatQueue, { groupKey: key })) ??
          em.create(ChatQueue, { groupKey: key, offerSeconds: 0, updatedAt: new Date() });
        queue.offerSeconds = input.offerSeconds;
        queue.calendarId = input.calendarId;
        queue.updatedAt = new Date();
        recordAudit(em, actorOf(principal), { action: 'chatQueue.updated', entity: 'Group', entityId: key, after: input });
        await em.flush();
        return { groupKey: key, offerSeconds: queue.offerSeconds, calendarId: queue.calendarId ?? null };
      },
    },
  ];
}
