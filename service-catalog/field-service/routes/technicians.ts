import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { TechnicianService, type NewAbsence, type NewTechnician, type TechnicianChange } from '../domain/technician-service';
import { presentAbsence, presentTechnician } from '../presenters';
import {
  absence,
  absenceParams,
  absencePayload,
  createTechnicianPayload,
  idParams,
  listTechniciansQuery,
  technician,
  technicianList,
  updateTechnicianPayload,
} from '../schemas';
import { ADMINS, DISPATCHERS, STAFF } from './access';

const tags = ['api', 'field-service'];

export const listTechnicians: ServerRoute = {
  method: 'GET',
  path: '/technicians',
  options: {
    tags,
    description: 'Technicians’ field profiles; filter by territory or skill',
    auth: STAFF,
    validate: { query: listTechniciansQuery },
    response: { schema: technicianList },
  },
  async handler(request) {
    const [items, total] = await new TechnicianService(request.app.em).list(
      request.query as { limit: number; offset: number; territory?: string; skill?: string },
    );
    return { items: items.map((t) => presentTechnician(t)), total };
  },
};

export const createTechnician: ServerRoute = {
  method: 'POST',
  path: '/technicians',
  options: {
    tags,
    description:
      'The field profile of a user with the technician role: skills with levels, territories, weekly hours, home base (422 when the user is no technician, 409 when they have one)',
    auth: ADMINS,
    validate: { payload: createTechnicianPayload },
    response: { status: { 201: technician } },
  },
  async handler(request, h) {
    const created = await new TechnicianService(request.app.em).create(principalOf(request), request.payload as NewTechnician);
    return h.response(presentTechnician(created, [])).code(201);
  },
};

export const getTechnician: ServerRoute = {
  method: 'GET',
  path: '/technicians/{id}',
  options: {
    tags,
    description: 'One technician with the absences that have not ended yet',
    auth: STAFF,
    validate: { params: idParams },
    response: { schema: technician },
  },
  async handler(request) {
    const service = new TechnicianService(request.app.em);
    const found = await service.get(request.params.id as string);
    return presentTechnician(found, await service.upcomingAbsences(found.id));
  },
};

export const addTechnicianAbsence: ServerRoute = {
  method: 'POST',
  path: '/technicians/{id}/absences',
  options: {
    tags,
    description: 'A period the technician cannot be dispatched (422 when it ends before it starts)',
    auth: DISPATCHERS,
    validate: { params: idParams, payload: absencePayload },
    response: { status: { 201: absence } },
  },
  async handler(request, h) {
    const added = await new TechnicianService(request.app.em).addAbsence(
      principalOf(request),
      request.params.id as string,
      request.payload as NewAbsence,
    );
    return h.response(presentAbsence(added)).code(201);
  },
};

export const updateTechnician: ServerRoute = {
  method: 'PATCH',
  path: '/technicians/{id}',
  options: {
    tags,
    description: 'Change a field profile’s skills, territories, weekly hours or home base (409 when `version` is not the current one)',
    auth: ADMINS,
    validate: { params: idParams, payload: updateTechnicianPayload },
    response: { schema: technician },
  },
  async handler(request) {
    const service = new TechnicianService(request.app.em);
    const changed = await service.update(principalOf(request), request.params.id as string, request.payload as TechnicianChange);
    return presentTechnician(changed, await service.upcomingAbsences(changed.id));
  },
};

export const removeTechnicianAbsence: ServerRoute = {
  method: 'DELETE',
  path: '/technicians/{id}/absences/{absenceId}',
  options: {
    tags,
    description: 'Take back an absence (cancelled leave, entered by mistake): dispatch offers the technician for that time again',
    auth: DISPATCHERS,
    validate: { params: absenceParams },
  },
  async handler(request, h) {
    await new TechnicianService(request.app.em).removeAbsence(
      principalOf(request),
      request.params.id as string,
      request.params.absenceId as string,
    );
    return h.response().code(204);
  },
};
