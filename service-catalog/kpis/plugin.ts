import type { Plugin } from '@hapi/hapi';
import { groupLiveRoute, kpiBacklog, kpiBacklogCsv, kpiOla, kpiSummary, kpiSummaryCsv } from './routes/kpi-reports';

/** The KPIs managers steer by (issue 20), computed in SQL over the `ticket_kpi` view. */
export const kpisPlugin: Plugin<void> = {
  name: 'flowdesk-kpis',
  register(server) {
    server.route([kpiSummary, kpiSummaryCsv, kpiBacklog, kpiBacklogCsv, kpiOla, groupLiveRoute]);
  },
};
