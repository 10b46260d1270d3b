import type { Plugin } from '@hapi/hapi';
import { changeCalendar, createBlackout, deleteBlackout, getChangeConflicts, listBlackouts } from './routes/changes';

/** The change calendar, conflicts before approval, and blackout windows. The change process itself is change.bpmn. */
export const changesPlugin: Plugin<void> = {
  name: 'flowdesk-changes',
  register(server) {
    server.route([changeCalendar, getChangeConflicts, listBlackouts, createBlackout, deleteBlackout]);
  },
};
