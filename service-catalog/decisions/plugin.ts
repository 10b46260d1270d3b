import type { Plugin } from '@hapi/hapi';
import {
  getCamundaDecisionDefinition,
  getCamundaDecisionDefinitionXml,
  searchCamundaDecisionDefinitions,
} from './routes/camunda-decision-definitions';
import {
  getCamundaDecisionRequirements,
  getCamundaDecisionRequirementsXml,
  searchCamundaDecisionRequirements,
} from './routes/camunda-decision-requirements';
import { deployDecisionDefinitions } from './routes/deploy-decision-definitions';
import { evaluateCamundaDecision } from './routes/evaluate-camunda-decision';
import { getDecisionDefinitionXml } from './routes/get-decision-definition-xml';
import { listDecisionDefinitions } from './routes/list-decision-definitions';

/** DMN decisions (the priority matrix, routing tables…) that business rule tasks call. */
export const decisionsPlugin: Plugin<void> = {
  name: 'flowdesk-decisions',
  register(server) {
    server.route([
      deployDecisionDefinitions,
      listDecisionDefinitions,
      getDecisionDefinitionXml,
      evaluateCamundaDecision,
      searchCamundaDecisionDefinitions,
      getCamundaDecisionDefinition,
      getCamundaDecisionDefinitionXml,
      searchCamundaDecisionRequirements,
      getCamundaDecisionRequirements,
      getCamundaDecisionRequirementsXml,
    ]);
  },
};
