import type { Plugin } from '@hapi/hapi';
import { curationChoices } from './routes/curation-choices';
import { createService, deleteService, getService, listServices, updateService } from './routes/services';

/** The service portfolio: business and technical services that tickets, SLA policies, routing rules and catalog items refer to. */
export const servicesPlugin: Plugin<void> = {
  name: 'flowdesk-services',
  register(server) {
    server.route([curationChoices, listServices, createService, getService, updateService, deleteService]);
  },
};
