import type { Plugin } from '@hapi/hapi';
import { broadcastSignal } from './routes/broadcast-signal';
import { publishMessage } from './routes/publish-message';
import { broadcastCamundaSignal, correlateCamundaMessage, publishCamundaMessage } from './routes/camunda-messages';

/** BPMN messages and signals from the outside world (mail gateways, monitoring, integrations). */
export const messagesPlugin: Plugin<void> = {
  name: 'flowdesk-messages',
  register(server) {
    server.route([publishMessage, broadcastSignal, publishCamundaMessage, correlateCamundaMessage, broadcastCamundaSignal]);
  },
};
