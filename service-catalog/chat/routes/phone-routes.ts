import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { recordAudit } from '../../audit/audit-log';
import { parseSignedJsonBody } from './signed-json-body';
import { NotFound, NotPermitted } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { Organization } from '../../identity/domain/organization.entity';
import { actorOf } from '../../identity/domain/principal';
import { everyTenant, organizationScope } from '../domain/chat-service';
import { changeChannel, channelState, refuseIfSwitchedOff, type ChannelChanges } from '../domain/channel-switches';
import { PhoneLine } from '../domain/chat.entities';
import { PhoneCalls, verifyPhoneSignature, type CallEvent } from '../domain/phone-calls';
import type { ChatRouteDeps } from './chat-routes';

const phoneHeaders = Joi.object({
  'x-flowdesk-line': Joi.string().guid().required(),
  'x-flowdesk-timestamp': Joi.string()
    .pattern(/^\d{1,12}$/, 'unix seconds')
    .required(),
  'x-flowdesk-signature': Joi.string()
    .pattern(/^sha256=[0-9a-f]{64}$/, 'sha256=<hex>')
    .required(),
}).unknown(true);

export const callEvent = Joi.object({
  callId: Joi.string().trim().min(1).max(200).required(),
  event: Joi.string().valid('started', 'answered', 'ended').required(),
  callerNumber: Joi.string()
    .pattern(/^\+?[0-9 ()-]{3,40}$/, 'phone number')
    .required(),
  durationSeconds: Joi.number()
    .integer()
    .min(0)
    .max(86_400 * 7),
  recordingUrl: Joi.string()
    .uri({ scheme: ['https', 'http'] })
    .max(2000),
  notes: Joi.string().max(5000),
}).label('PhoneCallEvent');

const phoneOutcome = Joi.object({
  outcome: Joi.string().valid('created', 'updated', 'duplicate').required(),
  ticketNumber: Joi.string().required(),
}).label('PhoneCallOutcome');

const phoneLine = Joi.object({
  id: Joi.string().required(),
  organizationId: Joi.string().required(),
  name: Joi.string().required(),
  secret: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
  /** Off: its telephony events are refused (403 PHONE_LINE_DISABLED). */
  active: Joi.boolean().required(),
  disabledAt: Joi.date().iso().allow(null).required(),
}).label('PhoneLine');

/** A line as the admin screen lists it: its secret is never shown again after it was created. */
const listedPhoneLine = phoneLine.keys({ secret: Joi.forbidden() }).label('ListedPhoneLine');
const phoneLineList = Joi.array().items(listedPhoneLine).label('PhoneLineList');

const listed = (l: PhoneLine) => ({
  id: l.id,
  organizationId: l.organizationId!,
  name: l.name,
  createdAt: l.createdAt,
  ...channelState(l),
});

/** The telephony webhook and the admin's lines (each with its signing secret, shown once). */
export function phoneRoutes(deps: ChatRouteDeps): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/phone/events',
      options: {
        tags: ['api', 'chat'],
        auth: false,
        description: 'Telephony webhook: a call started, answered or ended opens or updates the caller’s ticket',
        notes:
          'Signed JSON: `X-Flowdesk-Line` (the line id), `X-Flowdesk-Timestamp` (unix seconds) and `X-Flowdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the line’s secret. 403 for an unknown line, a forged signature or a timestamp more than 5 minutes off, and (`PHONE_LINE_DISABLED`) while an admin has the line switched off; an event of a call already applied answers `duplicate` and changes nothing. See docs/channels.md for a worked example.',
        payload: { parse: false, output: 'data', allow: ['application/json'], maxBytes: 64 * 1024 },
        validate: { headers: phoneHeaders },
        response: { schema: phoneOutcome },
      },
      async handler(request) {
        const headers = request.headers as Record<string, string>;
        const lineId = headers['x-flowdesk-line']!;
        const line = await everyTenant(request.app.em, 'telephony webhook: resolving its line').findOne(
          PhoneLine,
          { id: lineId },
          { populate: ['secret'] },
        );
        if (!line) throw new NotPermitted('UNKNOWN_PHONE_LINE', 'this line is not known to the desk');
        const raw = (request.payload as Buffer | null)?.toString('utf8') ?? '';
        verifyPhoneSignature(line.secret, headers['x-flowdesk-timestamp']!, raw, headers['x-flowdesk-signature']!, new Date());
        refuseIfSwitchedOff('phoneLine', line);
        const value = parseSignedJsonBody(raw, callEvent, 'INVALID_CALL_EVENT');
        const em = organizationScope(request.app.em, line.organizationId!);
        return new PhoneCalls(em, deps.tickets).receive(line, value as CallEvent);
      },
    },
    {
      method: 'GET',
      path: '/phone-lines',
      options: {
        tags: ['api', 'chat'],
        auth: { access: { scope: ['admin'] } },
        description: 'Telephony lines of the organisations you may see (admins), without their secrets',
        response: { schema: phoneLineList },
      },
      async handler(request) {
        principalOf(request);
        const lines = await request.app.em.find(PhoneLine, {}, { orderBy: { createdAt: 'asc' } });
        return lines.map(listed);
      },
    },
    {
      method: 'POST',
      path: '/phone-lines',
      options: {
        tags: ['api', 'chat'],
        auth: { access: { scope: ['admin'] } },
        description: 'Register a telephony line of an organisation (admins); the answer shows its signing secret, once',
        validate: {
          payload: Joi.object({
            organizationId: Joi.string().guid().required(),
            name: Joi.string().trim().min(1).max(200).required(),
          }).label('NewPhoneLine'),
        },
        response: { status: { 201: phoneLine } },
      },
      async handler(request, h) {
        const principal = principalOf(request);
        const input = request.payload as { organizationId: string; name: string };
        const em = request.app.em;
        if (!(await em.findOne(Organization, { id: input.organizationId })))
          throw new NotFound('ORGANIZATION_NOT_FOUND', `organization ${input.organizationId} does not exist`);
        const line = em.create(PhoneLine, {
          id: randomUUID(),
          organizationId: input.organizationId,
          name: input.name,
          secret: randomBytes(32).toString('base64url'),
          createdAt: new Date(),
        });
        recordAudit(em, actorOf(principal), {
          action: 'phoneLine.created',
          entity: 'PhoneLine',
          entityId: line.id,
          after: { name: line.name },
        });
        await em.flush();
        return h.response({ ...listed(line), secret: line.secret }).code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/phone-lines/{id}',
      options: {
        tags: ['api', 'chat'],
        auth: { access: { scope: ['admin'] } },
        description: 'Rename a telephony line, or switch it off or on again (admins)',
        notes: 'While `active` is false the line’s telephony events are refused (403 `PHONE_LINE_DISABLED`). 404 for an unknown line.',
        validate: {
          params: Joi.object({ id: Joi.string().guid().required() }),
          payload: Joi.object({ name: Joi.string().trim().min(1).max(200), active: Joi.boolean() })
            .min(1)
            .label('PhoneLineChanges'),
        },
        response: { schema: listedPhoneLine },
      },
      async handler(request) {
        const changes = request.payload as ChannelChanges;
        return listed(await changeChannel(request.app.em, principalOf(request), 'phoneLine', request.params.id as string, changes));
      },
    },
  ];
}
