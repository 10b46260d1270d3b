import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import type { BusinessCalendar } from '../domain/business-calendar';
import { SlaService } from '../domain/sla-service';
import { presentCalendar } from '../presenters';
import { calendar, createCalendarPayload, idParams, updateCalendarPayload } from '../schemas';

export const createCalendar: ServerRoute = {
  method: 'POST',
  path: '/business-calendars',
  options: {
    tags: ['api', 'sla'],
    description: 'Define business hours (time zone, weekly hours, holidays) that SLA clocks count in',
    auth: { access: { scope: ['process-owner', 'admin'] } },
    validate: { payload: createCalendarPayload },
    response: { status: { 201: calendar } },
  },
  async handler(request, h) {
    const body = request.payload as { name: string; definition: BusinessCalendar };
    return h.response(presentCalendar(await new SlaService(request.app.em).createCalendar(actorOf(principalOf(request)), body))).code(201);
  },
};

export const listCalendars: ServerRoute = {
  method: 'GET',
  path: '/business-calendars',
  options: {
    tags: ['api', 'sla'],
    description: 'Business calendars',
    auth: { access: { scope: ['agent', 'process-owner', 'technician', 'admin'] } },
    response: { schema: Joi.object({ items: Joi.array().items(calendar).required() }).label('BusinessCalendarList') },
  },
  async handler(request) {
    return { items: (await new SlaService(request.app.em).listCalendars()).map(presentCalendar) };
  },
};

export const updateCalendar: ServerRoute = {
  method: 'PATCH',
  path: '/business-calendars/{id}',
  options: {
    tags: ['api', 'sla'],
    description: 'Rename a business calendar or replace its hours; deadlines already computed keep their instants',
    auth: { access: { scope: ['process-owner', 'admin'] } },
    validate: { params: idParams, payload: updateCalendarPayload },
    response: { schema: calendar },
  },
  async handler(request) {
    const changes = request.payload as { name?: string; definition?: BusinessCalendar };
    return presentCalendar(
      await new SlaService(request.app.em).updateCalendar(actorOf(principalOf(request)), request.params.id as string, changes),
    );
  },
};
