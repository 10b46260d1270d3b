import type { Plugin } from '@hapi/hapi';
import { cancelProcessInstance } from './routes/cancel-process-instance';
import { activateProcessDefinition, archiveProcessDefinition } from './routes/change-process-definition-state';
import { activateAdHocElements } from './routes/activate-ad-hoc-elements';
import { completeUserTask } from './routes/complete-user-task';
import { assignUserTask, updateUserTask } from './routes/change-user-task';
import { getTaskForm } from './routes/get-task-form';
import { getFormDefinition, listFormDefinitions } from './routes/form-definitions';
import { diffProcessDefinitions } from './routes/diff-process-definitions';
import { getProcessDefinitionStatistics } from './routes/get-process-definition-statistics';
import { migrateProcessInstance, previewMigration } from './routes/migrate-process-instance';
import { getBatchMigration, listBatchMigrationItems, previewBatchMigration, startBatchMigration } from './routes/batch-migrations';
import { retryIncident } from './routes/retry-incident';
import { getWhatIf, listWhatIfInstances, startWhatIf } from './routes/what-if-runs';
import { setProcessVariables } from './routes/set-process-variables';
import { validateProcessDefinition } from './routes/validate-process-definition';
import { deployProcessDefinition } from './routes/deploy-process-definition';
import { createDeployment } from './routes/create-deployment';
import { getProcessDefinition } from './routes/get-process-definition';
import { getStartForm } from './routes/get-start-form';
import { getProcessInstance } from './routes/get-process-instance';
import { listProcessDefinitions } from './routes/list-process-definitions';
import { listProcessInstances } from './routes/list-process-instances';
import { startProcessInstance } from './routes/start-process-instance';
import {
  cancelCamundaProcessInstance,
  createCamundaProcessInstance,
  getCamundaProcessInstance,
  searchCamundaProcessInstances,
} from './routes/camunda-process-instances';
import { migrateCamundaProcessInstance, resolveCamundaIncident, setCamundaElementVariables } from './routes/camunda-instance-operations';
import { getCamundaIncident, searchCamundaIncidents, searchCamundaInstanceIncidents } from './routes/camunda-incidents';
import {
  getCamundaProcessDefinition,
  getCamundaProcessDefinitionXml,
  getCamundaStartForm,
  searchCamundaProcessDefinitions,
} from './routes/camunda-process-definitions';
import {
  assignCamundaUserTask,
  completeCamundaUserTask,
  unassignCamundaUserTask,
  updateCamundaUserTask,
  searchCamundaUserTasks,
} from './routes/camunda-user-tasks';
import { getCamundaUserTask, getCamundaUserTaskForm, searchCamundaUserTaskVariables } from './routes/camunda-user-task-reads';
import { getCamundaVariable, searchCamundaVariables } from './routes/camunda-variables';
import { getCamundaElementInstance, getCamundaInstanceStatistics, searchCamundaElementInstances } from './routes/camunda-element-instances';

/** Process definitions, process instances and the user tasks they wait on. */
export const processesPlugin: Plugin<void> = {
  name: 'flowdesk-processes',
  register(server) {
    server.route([
      deployProcessDefinition,
      createDeployment,
      listProcessDefinitions,
      getProcessDefinition,
      getStartForm,
      startProcessInstance,
      createCamundaProcessInstance,
      cancelCamundaProcessInstance,
      searchCamundaProcessInstances,
      setCamundaElementVariables,
      resolveCamundaIncident,
      completeCamundaUserTask,
      assignCamundaUserTask,
      unassignCamundaUserTask,
      updateCamundaUserTask,
      searchCamundaUserTasks,
      getCamundaUserTask,
      getCamundaUserTaskForm,
      searchCamundaUserTaskVariables,
      searchCamundaVariables,
      getCamundaVariable,
      searchCamundaElementInstances,
      getCamundaElementInstance,
      searchCamundaIncidents,
      searchCamundaInstanceIncidents,
      migrateCamundaProcessInstance,
      getCamundaInstanceStatistics,
      getCamundaIncident,
      searchCamundaProcessDefinitions,
      getCamundaProcessInstance,
      getCamundaProcessDefinition,
      getCamundaProcessDefinitionXml,
      getCamundaStartForm,
      listProcessInstances,
      getProcessInstance,
      completeUserTask,
      assignUserTask,
      updateUserTask,
      getTaskForm,
      listFormDefinitions,
      getFormDefinition,
      validateProcessDefinition,
      diffProcessDefinitions,
      activateProcessDefinition,
      archiveProcessDefinition,
      getProcessDefinitionStatistics,
      cancelProcessInstance,
      retryIncident,
      setProcessVariables,
      activateAdHocElements,
      previewMigration,
      migrateProcessInstance,
      previewBatchMigration,
      startBatchMigration,
      getBatchMigration,
      listBatchMigrationItems,
      startWhatIf,
      getWhatIf,
      listWhatIfInstances,
    ]);
  },
};
