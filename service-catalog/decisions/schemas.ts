import Joi from 'joi';
import { MAX_DMN_BYTES } from '../../engine/dmn';

export const decisionSummary = Joi.object({
  id: Joi.string().required(),
  decisionId: Joi.string().required(),
  name: Joi.string().allow(null).required(),
  version: Joi.number().integer().required(),
  versionTag: Joi.string()
    .allow(null)
    .description('the decision’s zeebe:versionTag, which business rule tasks with bindingType="versionTag" name'),
  deployedAt: Joi.date().iso().required(),
}).label('DecisionDefinitionSummary');

export const deployDecisionsPayload = Joi.alternatives()
  .try(
    Joi.object({ xml: Joi.string().min(1).max(MAX_DMN_BYTES).required().description('DMN 1.3 XML') }).label('DeployDecisionsRequest'),
    Joi.string().min(1).max(MAX_DMN_BYTES).description('the .dmn file itself (application/xml, text/xml, application/dmn+xml)'),
  )
  .required();

export const deployDecisionsResponse = Joi.object({
  decisions: Joi.array().items(decisionSummary).required(),
  created: Joi.boolean().required(),
}).label('DeployDecisionsResponse');
export const decisionList = Joi.object({ items: Joi.array().items(decisionSummary).required(), total: Joi.number().required() }).label(
  'DecisionDefinitionList',
);

export const decisionXml = Joi.object({
  id: Joi.string().required(),
  decisionId: Joi.string().required(),
  name: Joi.string().allow(null).required(),
  version: Joi.number().integer().required(),
  versionTag: Joi.string()
    .allow(null)
    .description('the decision’s zeebe:versionTag, which business rule tasks with bindingType="versionTag" name'),
  deployedAt: Joi.date().iso().required(),
  xml: Joi.string().required().description('the deployed DMN 1.3 file'),
}).label('DecisionDefinitionXml');
