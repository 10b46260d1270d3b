import type { Plugin } from '@hapi/hapi';
import { ciHistory, createCi, deleteCi, getCi, listCiClasses, listCis, updateCi } from './routes/configuration-items';
import { ciGraph, ciImpact, ciRelations } from './routes/impact';
import { importCmdb } from './routes/import';
import { createRelation, deleteRelation } from './routes/relations';
import { ciTickets, linkTicketCi, listTicketCis, unlinkTicketCi } from './routes/ticket-cis';

/** The CMDB: configuration items and assets, their relations, impact analysis, import, and the CIs tickets touch. */
export const cmdbPlugin: Plugin<void> = {
  name: 'flowdesk-cmdb',
  register(server) {
    server.route([
      listCiClasses,
      listCis,
      createCi,
      getCi,
      updateCi,
      deleteCi,
      ciHistory,
      ciImpact,
      ciGraph,
      ciRelations,
      ciTickets,
      createRelation,
      deleteRelation,
      importCmdb,
      listTicketCis,
      linkTicketCi,
      unlinkTicketCi,
    ]);
  },
};
