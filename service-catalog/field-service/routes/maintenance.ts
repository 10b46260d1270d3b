import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { maintenanceSchedule } from '../../cmdb/schemas';
import type { ConfigurationItem, MaintenanceSchedule } from '../../cmdb/domain/configuration-item.entity';
import { RuleViolation } from '../../errors';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { MaintenancePlan, opensOn, rruleAsDuration } from '../domain/maintenance-plan';
import { idParams } from '../schemas';
import { DISPATCHERS, STAFF } from './access';

const tags = ['api', 'field-service'];

const schedulePayload = maintenanceSchedule
  .keys({
    every: maintenanceSchedule.extract('every').optional(),
    rrule: Joi.string().max(60).description('instead of every: an RRULE-like interval, FREQ=DAILY|WEEKLY|MONTHLY|YEARLY;INTERVAL=n'),
  })
  .xor('every', 'rrule')
  .allow(null)
  .required()
  .label('MaintenanceScheduleInput');
const scheduleView = Joi.object({
  assetId: Joi.string().guid().required(),
  schedule: maintenanceSchedule.allow(null).required(),
  opensOn: Joi.string().allow(null).required().description('when the next planned work order opens (due date less lead days)'),
}).label('AssetMaintenanceSchedule');

const present = (ci: ConfigurationItem) => ({
  assetId: ci.id,
  schedule: ci.maintenanceSchedule ?? null,
  opensOn: ci.maintenanceSchedule ? opensOn(ci.maintenanceSchedule) : null,
});

export const getMaintenanceSchedule: ServerRoute = {
  method: 'GET',
  path: '/assets/{id}/maintenance-schedule',
  options: {
    tags,
    description: 'An asset’s maintenance schedule and when its next planned work order opens',
    auth: STAFF,
    validate: { params: idParams },
    response: { schema: scheduleView },
  },
  async handler(request) {
    return present(await new MaintenancePlan(request.app.em).asset(request.params.id as string));
  },
};

export const putMaintenanceSchedule: ServerRoute = {
  method: 'PUT',
  path: '/assets/{id}/maintenance-schedule',
  options: {
    tags,
    description:
      'Set (or with null clear) an asset’s maintenance schedule: every N days/weeks/months/years (ISO 8601 `every` or an RRULE-like `rrule`), the next due date, the work type, priority, checklist and visit window of the planned work orders it opens',
    notes:
      'A planned work order opens `leadDays` (default 7) before each due date, once per asset and due date, by the maintenance-plan process (a timer-start process: one check per cluster); the schedule then moves to the next due date. 422 for a CI that is not an asset or has no site.',
    auth: DISPATCHERS,
    validate: { params: idParams, payload: schedulePayload },
    response: { schema: scheduleView },
  },
  async handler(request) {
    const input = request.payload as (MaintenanceSchedule & { rrule?: string }) | null;
    let schedule: MaintenanceSchedule | null = null;
    if (input) {
      const { rrule, ...rest } = input;
      const every = rrule === undefined ? rest.every : rruleAsDuration(rrule);
      if (!every)
        throw new RuleViolation('INVALID_RRULE', `"${rrule}" is not an interval this schedule understands`, [
          { field: 'payload.rrule', message: 'FREQ=DAILY|WEEKLY|MONTHLY|YEARLY with an optional ;INTERVAL=n' },
        ]);
      schedule = { ...rest, every };
    }
    const ci = await new MaintenancePlan(request.app.em).setSchedule(actorOf(principalOf(request)), request.params.id as string, schedule);
    return present(ci);
  },
};
