import Joi from 'joi';
import { CHAT_MESSAGE_MAX } from './domain/chat-service';

export const chatId = Joi.object({ id: Joi.string().guid().required() });
const siteKey = Joi.string().pattern(/^fdk_[A-Za-z0-9_-]{16,64}$/, 'site key');
const visitorName = Joi.string().trim().min(1).max(120);
const email = Joi.string().trim().email({ tlds: false }).max(254);
const message = Joi.string().trim().min(1).max(CHAT_MESSAGE_MAX);
/**
 * The contact form's honeypot: a field people never see (the widget hides it), which bots fill in. It
 * may be sent empty; anything in it makes the form look accepted and nothing is stored.
 */
const honeypot = Joi.string().allow('').max(1000);

export const chatTokenHeaders = Joi.object({ 'x-chat-token': Joi.string().max(400) }).unknown(true);

export const availabilityQuery = Joi.object({ siteKey: siteKey.required() });
export const availability = Joi.object({
  open: Joi.boolean().required(),
  backAt: Joi.date().iso().allow(null).required(),
}).label('ChatAvailability');

export const startChatPayload = Joi.object({
  siteKey,
  name: visitorName,
  email,
  message: message.required(),
}).label('NewChat');

export const chatView = Joi.object({
  chatId: Joi.string().required(),
  state: Joi.string().valid('waiting', 'active', 'ended', 'ticket').required(),
  ticketNumber: Joi.string().required(),
  visitorName: Joi.string().required(),
  groupKey: Joi.string().allow(null).required(),
  position: Joi.number().integer().allow(null).required(),
  waitSeconds: Joi.number().integer().allow(null).required(),
  offerUntil: Joi.date().iso().required(),
  agentName: Joi.string().allow(null).required(),
  backAt: Joi.date().iso().allow(null).required(),
}).label('Chat');

export const startedChat = chatView.keys({ token: Joi.string().required() }).label('StartedChat');

export const chatFile = Joi.object({
  id: Joi.string().required(),
  filename: Joi.string().required(),
  contentType: Joi.string().required(),
  size: Joi.number().integer().required(),
  url: Joi.string().required(),
}).label('ChatFile');

export const chatMessage = Joi.object({
  id: Joi.string().required(),
  author: Joi.string().valid('visitor', 'agent', 'system').required(),
  name: Joi.string().required(),
  body: Joi.string().allow('').required(),
  at: Joi.date().iso().required(),
  attachments: Joi.array().items(chatFile).required(),
}).label('ChatMessage');

export const chatWithTranscript = chatView.keys({ messages: Joi.array().items(chatMessage).required() }).label('ChatTranscript');
export const messagePayload = Joi.object({ body: message.required() }).label('NewChatMessage');
export const eventsQuery = Joi.object({ after: Joi.string().guid() });

export const deskChats = Joi.object({
  available: Joi.boolean().required(),
  waiting: Joi.array().items(chatView).required(),
  mine: Joi.array().items(chatView).required(),
}).label('DeskChats');

const origin = Joi.string()
  .uri({ scheme: ['http', 'https'] })
  .max(300);
export const createSitePayload = Joi.object({
  organizationId: Joi.string().guid().required(),
  name: Joi.string().trim().min(1).max(200).required(),
  allowedOrigins: Joi.array().items(origin).max(50).default([]),
  ticketType: Joi.string().valid('incident', 'request').default('incident'),
}).label('NewChatSite');
export const chatSiteChanges = Joi.object({
  name: Joi.string().trim().min(1).max(200),
  allowedOrigins: Joi.array().items(origin).max(50),
  active: Joi.boolean(),
})
  .min(1)
  .label('ChatSiteChanges');
export const chatSiteParams = Joi.object({ id: Joi.string().guid().required() });
export const chatSite = Joi.object({
  id: Joi.string().required(),
  organizationId: Joi.string().required(),
  name: Joi.string().required(),
  siteKey: Joi.string().required(),
  allowedOrigins: Joi.array().items(Joi.string()).required(),
  ticketType: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
  /** Off: the widget and the contact form refuse its key (403 CHAT_SITE_DISABLED). */
  active: Joi.boolean().required(),
  disabledAt: Joi.date().iso().allow(null).required(),
}).label('ChatSite');
export const chatSiteList = Joi.array().items(chatSite).label('ChatSiteList');

export const queueParams = Joi.object({
  key: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9-]{0,62}$/, 'group key')
    .required(),
});
export const queuePayload = Joi.object({
  offerSeconds: Joi.number().integer().min(10).max(86_400).required(),
  calendarId: Joi.string().guid().allow(null).default(null),
}).label('ChatQueueSettings');
export const chatQueue = Joi.object({
  groupKey: Joi.string().required(),
  offerSeconds: Joi.number().integer().required(),
  calendarId: Joi.string().allow(null).required(),
}).label('ChatQueue');
export const chatQueueList = Joi.array().items(chatQueue).label('ChatQueueList');

export const contactPayload = Joi.object({
  siteKey: siteKey.required(),
  name: visitorName.required(),
  email: email.required(),
  subject: Joi.string().trim().min(1).max(200).required(),
  message: Joi.string().trim().min(1).max(20_000).required(),
  /** Optional fields of the organisation's form (order number, department…), kept in the description. */
  fields: Joi.object().pattern(Joi.string().max(60), Joi.string().max(500).allow('')).max(20),
  website: honeypot,
}).label('ContactForm');
export const contactAccepted = Joi.object({ received: Joi.boolean().valid(true).required() }).label('ContactReceived');
