import Joi from 'joi';
import { variables } from '../processes/schemas';

const isoDuration = Joi.string().pattern(
  /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
  'ISO 8601 duration',
);
const eventName = Joi.string().trim().min(1).max(255);

export const publishMessagePayload = Joi.object({
  name: eventName.required().description('the bpmn:message name'),
  correlationKey: Joi.alternatives()
    .try(Joi.string().max(255), Joi.number())
    .required()
    .description("compared as a string with the subscription's evaluated zeebe:subscription correlationKey"),
  variables: variables.default({}),
  timeToLive: isoDuration
    .default('PT1H')
    .description('how long to keep the message for an instance that is not waiting yet; PT0S: never buffer'),
}).label('PublishMessage');

export const publishedMessage = Joi.object({
  messageId: Joi.string().required(),
  correlatedProcessInstanceIds: Joi.array().items(Joi.string()).required(),
  startedProcessInstanceIds: Joi.array().items(Joi.string()).required(),
  buffered: Joi.boolean().required(),
}).label('PublishedMessage');

export const broadcastSignalPayload = Joi.object({
  name: eventName.required().description('the bpmn:signal name'),
  variables: variables.default({}),
}).label('BroadcastSignal');

export const broadcastSignal = Joi.object({
  signalId: Joi.string().required(),
  triggeredProcessInstanceIds: Joi.array().items(Joi.string()).required(),
  startedProcessInstanceIds: Joi.array().items(Joi.string()).required(),
}).label('BroadcastedSignal');
