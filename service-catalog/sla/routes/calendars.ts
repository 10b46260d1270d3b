import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import type { BusinessCalendar } from '../domain/business-calendar';
import { SlaService } from '../domain/sla-service';
import { presentCalendar } from '../presenters';
import { calendar, createCalendarPayload } from '../schemas';

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
