import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { InvalidInput } from '../../errors';
import { ticketsOf } from '../../tickets/ticket-services';
import { ChangeSchedule, isConflicting } from '../domain/change-schedule';
import type { BlackoutWindow } from '../domain/blackout-window.entity';
import {
  blackout,
  blackoutList,
  blackoutParams,
  blackoutPayload,
  blackoutsQuery,
  calendar,
  calendarQuery,
  changeConflicts,
  changeParams,
  conflictsQuery,
} from '../schemas';

const DESK = { access: { scope: [...STAFF_ROLES] } };
const OWNERS = { access: { scope: ['process-owner', 'admin'] } };

export const changeCalendar: ServerRoute = {
  method: 'GET',
  path: '/changes/calendar',
  options: {
    tags: ['api', 'changes'],
    description: 'The change calendar: changes whose planned window overlaps [from, to), by service, configuration item and state',
    auth: DESK,
    validate: { query: calendarQuery },
    response: { schema: calendar },
  },
  async handler(request) {
    const items = await new ChangeSchedule(request.app.em).calendar(
      request.query as { from: Date; to: Date; service?: string; ci?: string; state?: string },
    );
    return { items: items.map(({ id: _id, ...rest }) => rest) };
  },
};

export const getChangeConflicts: ServerRoute = {
  method: 'GET',
  path: '/changes/{number}/conflicts',
  options: {
    tags: ['api', 'changes'],
    description:
      "A change's conflicts: other changes in an overlapping window on the same services, or on the same CIs or CIs related to them within ciDepth relations (upstream or downstream in the CMDB), and blackout windows it falls into",
    notes: '400 when the ticket is not a change, or ciDepth is out of 0–5.',
    auth: DESK,
    validate: { params: changeParams, query: conflictsQuery },
    response: { schema: changeConflicts },
  },
  async handler(request) {
    const change = await ticketsOf(request).get(request.params.number as string);
    if (change.type !== 'change')
      throw new InvalidInput('NOT_A_CHANGE', `${change.number} is not a change`, [{ field: 'params.number', message: 'not a change' }]);
    const conflicts = await new ChangeSchedule(request.app.em).conflicts(change, (request.query as { ciDepth: number }).ciDepth);
    return { number: change.number, conflicting: isConflicting(conflicts), conflicts };
  },
};

export const listBlackouts: ServerRoute = {
  method: 'GET',
  path: '/change-blackouts',
  options: {
    tags: ['api', 'changes'],
    description: 'Blackout windows (no changes implemented in them), optionally those overlapping [from, to)',
    auth: DESK,
    validate: { query: blackoutsQuery },
    response: { schema: blackoutList },
  },
  async handler(request) {
    return { items: (await new ChangeSchedule(request.app.em).listBlackouts(request.query as { from?: Date; to?: Date })).map(present) };
  },
};

export const createBlackout: ServerRoute = {
  method: 'POST',
  path: '/change-blackouts',
  options: {
    tags: ['api', 'changes'],
    description: 'A blackout window on some services (none: all); changes planned into it are flagged before approval',
    auth: OWNERS,
    validate: { payload: blackoutPayload },
    response: { status: { 201: blackout } },
  },
  async handler(request, h) {
    const created = await new ChangeSchedule(request.app.em).createBlackout(
      principalOf(request),
      request.payload as Parameters<ChangeSchedule['createBlackout']>[1],
    );
    return h.response(present(created)).code(201);
  },
};

export const deleteBlackout: ServerRoute = {
  method: 'DELETE',
  path: '/change-blackouts/{id}',
  options: {
    tags: ['api', 'changes'],
    description: 'Remove a blackout window',
    auth: OWNERS,
    validate: { params: blackoutParams },
  },
  async handler(request, h) {
    await new ChangeSchedule(request.app.em).deleteBlackout(principalOf(request), request.params.id as string);
    return h.response().code(204);
  },
};

function present(b: BlackoutWindow) {
  return {
    id: b.id,
    name: b.name,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    services: b.services,
    organizationId: b.organizationId ?? null,
    createdBy: b.createdBy,
    createdAt: b.createdAt.toISOString(),
  };
}
