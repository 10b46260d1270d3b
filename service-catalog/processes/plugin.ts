import type { Plugin } from '@hapi/hapi';
import { completeUserTask } from './routes/complete-user-task';
import { deployProcessDefinition } from './routes/deploy-process-definition';
import { getProcessDefinition } from './routes/get-process-definition';
import { getProcessInstance } from './routes/get-process-instance';
import { listProcessDefinitions } from './routes/list-process-definitions';
import { listProcessInstances } from './routes/list-process-instances';
import { startProcessInstance } from './routes/start-process-instance';

/** Process definitions, process instances and the user tasks they wait on. */
export const processesPlugin: Plugin<void> = {
  name: 'flowdesk-processes',
  register(server) {
    server.route([
      deployProcessDefinition,
      listProcessDefinitions,
      getProcessDefinition,
      startProcessInstance,
      listProcessInstances,
      getProcessInstance,
      completeUserTask,
    ]);
  },
};
