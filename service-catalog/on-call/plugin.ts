import type { Plugin } from '@hapi/hapi';
import { addOnCallOverride, getOnCall, setOnCallRota } from './routes/on-call-routes';

/** On-call rotas per group: who a page reaches now. */
export const onCallPlugin: Plugin<void> = {
  name: 'flowdesk-on-call',
  register(server) {
    server.route([getOnCall, setOnCallRota, addOnCallOverride]);
  },
};
