import type { Plugin } from '@hapi/hapi';
import { getDispatchBoard, suggestForWorkOrder } from './routes/dispatch';
import { getSiteLocation, putSiteLocation } from './routes/site-locations';
import { addTechnicianAbsence, createTechnician, getTechnician, listTechnicians } from './routes/technicians';
import { actOnWorkOrder, createWorkOrder, getWorkOrder, listWorkOrders } from './routes/work-orders';

/** Field service (issue 19): technicians, site locations and work orders opened from incidents and requests. */
export const fieldServicePlugin: Plugin<void> = {
  name: 'flowdesk-field-service',
  register(server) {
    server.route([
      listTechnicians,
      createTechnician,
      getTechnician,
      addTechnicianAbsence,
      getSiteLocation,
      putSiteLocation,
      createWorkOrder,
      listWorkOrders,
      getWorkOrder,
      actOnWorkOrder,
      suggestForWorkOrder,
      getDispatchBoard,
    ]);
  },
};
