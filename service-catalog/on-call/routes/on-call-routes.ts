import type { Request, ServerRoute } from '@hapi/hapi';
import { actorOf } from '../../identity/domain/principal';
import { principalOf } from '../../identity/auth-plugin';
import { OnCallService } from '../domain/on-call-service';
import { groupParams, onCallView, overridePayload, rotaPayload } from '../schemas';

const STAFF = ['agent', 'process-owner', 'technician', 'admin'];
const MAINTAINERS = ['process-owner', 'admin'];
const onCall = (request: Request) => new OnCallService(request.app.em);

async function present(request: Request, key: string) {
  const { rota, overrides, now } = await onCall(request).view(key);
  return {
    group: key,
    onCall: now.user ? { id: now.user.id, username: now.user.username, displayName: now.user.displayName } : null,
    source: now.source,
    rota: rota ? { timeZone: rota.timeZone, shifts: rota.shifts } : null,
    overrides: overrides.map((o) => ({ id: o.id, userId: o.userId, startsAt: o.startsAt, endsAt: o.endsAt, reason: o.reason ?? null })),
  };
}

export const getOnCall: ServerRoute = {
  method: 'GET',
  path: '/groups/{key}/on-call',
  options: {
    tags: ['api', 'on-call'],
    description: 'Who is on call for the group now (an override covering this moment, else the weekly rota), its rota and coming overrides',
    auth: { access: { scope: STAFF } },
    validate: { params: groupParams },
    response: { schema: onCallView },
  },
  handler: (request) => present(request, request.params.key as string),
};

export const setOnCallRota: ServerRoute = {
  method: 'PUT',
  path: '/groups/{key}/on-call/rota',
  options: {
    tags: ['api', 'on-call'],
    description: "Replace the group's weekly on-call rota; the major-incident branch of the incident process pages whoever it has on call",
    notes: '400 names a shift whose person is not an active member of the group, or whose time is not HH:MM.',
    auth: { access: { scope: MAINTAINERS } },
    validate: { params: groupParams, payload: rotaPayload },
    response: { schema: onCallView },
  },
  async handler(request) {
    const key = request.params.key as string;
    await onCall(request).setRota(actorOf(principalOf(request)), key, request.payload as Parameters<OnCallService['setRota']>[2]);
    return present(request, key);
  },
};

export const addOnCallOverride: ServerRoute = {
  method: 'POST',
  path: '/groups/{key}/on-call/overrides',
  options: {
    tags: ['api', 'on-call'],
    description: 'Put a member of the group on call for a period, whatever the rota says (a swap, holiday cover)',
    auth: { access: { scope: MAINTAINERS } },
    validate: { params: groupParams, payload: overridePayload },
    response: { status: { 201: onCallView } },
  },
  async handler(request, h) {
    const key = request.params.key as string;
    await onCall(request).addOverride(actorOf(principalOf(request)), key, request.payload as Parameters<OnCallService['addOverride']>[2]);
    return h.response(await present(request, key)).code(201);
  },
};
