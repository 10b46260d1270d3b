import type { ServerRoute } from '@hapi/hapi';
import { recordAudit } from '../../audit/audit-log';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { WorkTypeSetting } from '../domain/work-type-setting.entity';
import { workTypeSetting, workTypeSettingList, workTypeSettingPayload } from '../catalogue-schemas';
import { workTypeParams } from '../schemas';
import { STAFF } from './access';

const tags = ['api', 'field-service'];
const OWNERS = { access: { scope: ['process-owner', 'admin'] } };
const present = (s: WorkTypeSetting) => ({
  workType: s.workType,
  autoDispatch: s.autoDispatch,
  defaultDurationMinutes: s.defaultDurationMinutes ?? null,
  requiredSkills: s.requiredSkills,
  updatedAt: s.updatedAt.toISOString(),
});
type WorkTypeInput = Pick<WorkTypeSetting, 'autoDispatch'> & Partial<Pick<WorkTypeSetting, 'defaultDurationMinutes' | 'requiredSkills'>>;
const remembered = (s: WorkTypeSetting) => ({
  autoDispatch: s.autoDispatch,
  defaultDurationMinutes: s.defaultDurationMinutes ?? null,
  requiredSkills: s.requiredSkills,
});

export const listWorkTypeSettings: ServerRoute = {
  method: 'GET',
  path: '/work-types',
  options: {
    tags,
    description: 'How each configured work type is dispatched (auto-dispatch or by a dispatcher); unlisted types are dispatched by hand',
    auth: STAFF,
    response: { schema: workTypeSettingList },
  },
  async handler(request) {
    return { items: (await request.app.em.find(WorkTypeSetting, {}, { orderBy: { workType: 'asc' } })).map(present) };
  },
};

export const putWorkTypeSetting: ServerRoute = {
  method: 'PUT',
  path: '/work-types/{workType}',
  options: {
    tags,
    description:
      'Set how a work type is dispatched — auto-dispatch: new work orders of it (and ones a technician turned down) go to the top suggested technician when that one is qualified and available; otherwise a dispatcher schedules them — and what its new work orders default to: the window’s length and the required skills (a field left out keeps its value)',
    auth: OWNERS,
    validate: { params: workTypeParams, payload: workTypeSettingPayload },
    response: { schema: workTypeSetting },
  },
  async handler(request) {
    const em = request.app.em;
    const workType = request.params.workType as string;
    const input = request.payload as WorkTypeInput;
    const existing = await em.findOne(WorkTypeSetting, { workType });
    const before = existing ? remembered(existing) : null;
    const values = {
      autoDispatch: input.autoDispatch,
      defaultDurationMinutes:
        input.defaultDurationMinutes !== undefined ? input.defaultDurationMinutes : (before?.defaultDurationMinutes ?? null),
      requiredSkills: input.requiredSkills ?? before?.requiredSkills ?? [],
    };
    const setting = existing
      ? Object.assign(existing, { ...values, updatedAt: new Date() })
      : em.create(WorkTypeSetting, { workType, ...values, updatedAt: new Date() });
    recordAudit(em, actorOf(principalOf(request)), {
      action: 'work-type.set',
      entity: 'WorkTypeSetting',
      entityId: workType,
      before,
      after: values,
    });
    await em.flush();
    return present(setting);
  },
};
