import type { Plugin } from '@hapi/hapi';
import type { AttachmentSettings } from '../attachments/domain/attachment-service';
import { addPhoto, listPhotos, photoThumbnail } from './routes/photos';
import { getDispatchBoard, suggestForWorkOrder } from './routes/dispatch';
import { getCompletionReport, listChecklistTemplates, putChecklistTemplate, putParts, tickChecklist } from './routes/on-site';
import { getSiteLocation, putSiteLocation } from './routes/site-locations';
import {
  addTechnicianAbsence,
  createTechnician,
  getTechnician,
  listTechnicians,
  removeTechnicianAbsence,
  updateTechnician,
} from './routes/technicians';
import { createPart, getPart, listParts, updatePart } from './routes/parts';
import { listWorkTypeSettings, putWorkTypeSetting } from './routes/work-types';
import { getMaintenanceSchedule, putMaintenanceSchedule } from './routes/maintenance';
import { actOnWorkOrder, createWorkOrder, getWorkOrder, listWorkOrders, syncWorkOrders } from './routes/work-orders';

/** Field service (issue 19): technicians, site locations and work orders opened from incidents and requests. */
export interface FieldServiceOptions {
  /** Where job photos are kept (the attachment store) and their limits. */
  attachments: AttachmentSettings;
}

export const fieldServicePlugin: Plugin<FieldServiceOptions> = {
  name: 'flowdesk-field-service',
  register(server, opts) {
    server.route([
      listTechnicians,
      createTechnician,
      getTechnician,
      addTechnicianAbsence,
      updateTechnician,
      removeTechnicianAbsence,
      getSiteLocation,
      putSiteLocation,
      createWorkOrder,
      listWorkOrders,
      getWorkOrder,
      actOnWorkOrder,
      syncWorkOrders,
      suggestForWorkOrder,
      getDispatchBoard,
      listChecklistTemplates,
      putChecklistTemplate,
      tickChecklist,
      putParts,
      getCompletionReport,
      addPhoto(opts.attachments),
      listPhotos(opts.attachments),
      photoThumbnail(opts.attachments),
      listParts,
      createPart,
      getPart,
      updatePart,
      listWorkTypeSettings,
      putWorkTypeSetting,
      getMaintenanceSchedule,
      putMaintenanceSchedule,
    ]);
  },
};
