import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { NotFound } from '../../errors';
import { ticketsOf } from '../../tickets/ticket-services';
import { WorkOrderOnSite } from '../domain/work-order-on-site';
import { WorkOrderService } from '../domain/work-order-service';
import type { PartLine } from '../domain/part-catalogue';
import { WorkOrder, type ChecklistItem } from '../domain/work-order.entity';
import { presentChecklistTemplate, presentWorkOrder } from '../presenters';
import {
  checklistTemplate,
  checklistTemplateList,
  checklistTemplatePayload,
  checklistTicksPayload,
  numberParams,
  partsPayload,
  workOrder,
  workTypeParams,
} from '../schemas';
import { STAFF } from './access';

const tags = ['api', 'field-service'];
const OWNERS = { access: { scope: ['process-owner', 'admin'] } };
const onSite = (request: Request) => new WorkOrderOnSite(request.app.em, new WorkOrderService(request.app.em, ticketsOf(request)));

export const listChecklistTemplates: ServerRoute = {
  method: 'GET',
  path: '/checklist-templates',
  options: { tags, description: 'The checklist of each work type', auth: STAFF, response: { schema: checklistTemplateList } },
  async handler(request) {
    return { items: (await onSite(request).listTemplates()).map(presentChecklistTemplate) };
  },
};

export const putChecklistTemplate: ServerRoute = {
  method: 'PUT',
  path: '/checklist-templates/{workType}',
  options: {
    tags,
    description: 'Set the checklist of a work type; work orders opened from now on take a copy (required items block completion)',
    auth: OWNERS,
    validate: { params: workTypeParams, payload: checklistTemplatePayload },
    response: { schema: checklistTemplate },
  },
  async handler(request) {
    const { items } = request.payload as { items: ChecklistItem[] };
    return presentChecklistTemplate(await onSite(request).setTemplate(principalOf(request), request.params.workType as string, items));
  },
};

export const tickChecklist: ServerRoute = {
  method: 'PATCH',
  path: '/work-orders/{number}/checklist',
  options: {
    tags,
    description: 'The assigned technician ticks checklist items on site (422 naming an unknown item, 409 when not on site)',
    auth: STAFF,
    validate: { params: numberParams, payload: checklistTicksPayload },
    response: { schema: workOrder },
  },
  async handler(request) {
    const { items } = request.payload as { items: Array<{ key: string; done: boolean; note?: string | null }> };
    return presentWorkOrder(await onSite(request).tick(principalOf(request), request.params.number as string, items));
  },
};

export const putParts: ServerRoute = {
  method: 'PUT',
  path: '/work-orders/{number}/parts',
  options: {
    tags,
    description:
      'The parts the assigned technician used on site: catalogue SKUs with quantities and a note each (replaces the list; 422 naming an unknown SKU or a fraction of a piece)',
    auth: STAFF,
    validate: { params: numberParams, payload: partsPayload },
    response: { schema: workOrder },
  },
  async handler(request) {
    const { parts } = request.payload as { parts: PartLine[] };
    return presentWorkOrder(await onSite(request).recordParts(principalOf(request), request.params.number as string, parts));
  },
};

export const getCompletionReport: ServerRoute = {
  method: 'GET',
  path: '/work-orders/{number}/report.pdf',
  options: {
    tags,
    description: 'The completion report (PDF) as mailed to the customer contact; 404 until it has been made',
    auth: STAFF,
    validate: { params: numberParams },
  },
  async handler(request, h) {
    const number = request.params.number as string;
    const seen = await new WorkOrderService(request.app.em, ticketsOf(request)).get(principalOf(request), number);
    const row = await request.app.em.findOneOrFail(WorkOrder, { id: seen.id }, { populate: ['reportPdf'], refresh: true });
    if (!row.reportPdf) throw new NotFound('REPORT_NOT_FOUND', `${number} has no completion report yet`);
    return h
      .response(row.reportPdf)
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${number}-completion-report.pdf"`);
  },
};
