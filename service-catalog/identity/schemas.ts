import Joi from 'joi';
import { ROUTING_STRATEGIES } from '../routing/domain/choose-assignee';
import { ROLES } from './domain/roles';

export const uuid = Joi.string().guid({ version: ['uuidv4'] });
export const idParams = Joi.object({ id: uuid.required() });
export const pagination = {
  limit: Joi.number().integer().min(1).max(100).default(20),
  offset: Joi.number().integer().min(0).max(1_000_000).default(0),
};
const username = Joi.string()
  .trim()
  .lowercase()
  .pattern(/^[a-z0-9][a-z0-9._@-]{1,62}$/, 'username (letters, digits, . _ @ -)');
const password = Joi.string().min(10).max(200).description('at least 10 characters');
const name = Joi.string().trim().min(1).max(255);
const email = Joi.string().trim().email({ tlds: false }).max(255);
/** As people type it: digits, spaces, + ( ) - . and / ; at least 5 digits. */
const phone = Joi.string()
  .trim()
  .max(40)
  .pattern(/^\+?[0-9 ()./-]*$/, 'phone number (digits, spaces, + ( ) - . /)')
  .pattern(/(\d\D*){5,}/, 'phone number with at least 5 digits');
const isoDate = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const role = Joi.string().valid(...ROLES);
const at = Joi.date().iso();
const skill = Joi.string()
  .trim()
  .lowercase()
  .pattern(/^[a-z0-9][a-z0-9 ._+-]{0,62}$/, 'skill (letters, digits, space . _ + -)');
export const skills = Joi.array().items(skill).unique().max(50);
const routingStrategy = Joi.string().valid(...ROUTING_STRATEGIES);

export const loginPayload = Joi.object({
  username: Joi.string().trim().min(1).max(255).required(),
  password: Joi.string().min(1).max(200).required(),
}).label('Login');
export const refreshPayload = Joi.object({ refreshToken: Joi.string().min(10).max(200).required() }).label('Refresh');
export const tokenPair = Joi.object({
  tokenType: Joi.string().valid('Bearer').required(),
  accessToken: Joi.string().required(),
  expiresIn: Joi.number().integer().required().description('seconds'),
  refreshToken: Joi.string().required(),
  refreshExpiresIn: Joi.number().integer().required().description('seconds'),
}).label('TokenPair');

export const user = Joi.object({
  id: uuid.required(),
  username: Joi.string().required(),
  displayName: Joi.string().required(),
  email: Joi.string().allow(null).required(),
  phone: Joi.string().allow(null).required(),
  roles: Joi.array().items(role).required(),
  organizationId: uuid.allow(null).required(),
  groupIds: Joi.array().items(uuid).required(),
  servedOrganizationIds: Joi.array().items(uuid).required(),
  active: Joi.boolean().required(),
  skills: Joi.array().items(Joi.string()).required(),
  managerId: uuid.allow(null).required().description('their line manager, who approves service requests that need it'),
  available: Joi.boolean().required().description('false while away: routing never chooses them'),
  timeZone: Joi.string().allow(null).required().description('the IANA zone they read times in; null: their browser’s'),
  createdAt: at.required(),
  updatedAt: at.required(),
}).label('User');
export const me = user.keys({ groupKeys: Joi.array().items(Joi.string()).required(), via: Joi.string().required() }).label('Me');
export const userList = Joi.object({ items: Joi.array().items(user).required(), total: Joi.number().required() }).label('UserList');

const userFields = {
  displayName: name,
  email: email.allow(null),
  phone: phone.allow(null),
  password,
  roles: Joi.array().items(role).min(1).unique(),
  organizationId: uuid.allow(null).description('the customer organisation a requester belongs to'),
  groupIds: Joi.array().items(uuid).unique().max(100),
  servedOrganizationIds: Joi.array().items(uuid).unique().max(1000).description('customers an agent or technician serves'),
  active: Joi.boolean(),
  skills: skills.description('what the agent can handle; routing by skills matches rules against them'),
  managerId: uuid.allow(null).description("the user's line manager: approves their catalog orders whose item asks for it"),
  available: Joi.boolean().description('routing skips unavailable agents; agents also set it themselves (PUT /me/availability)'),
};
export const createUserPayload = Joi.object({
  ...userFields,
  username: username.required(),
  displayName: name.required(),
  roles: userFields.roles.required(),
}).label('CreateUser');
export const updateUserPayload = Joi.object(userFields).min(1).label('UpdateUser');
/** What users may change about themselves; anything else (roles, organisation…) is refused by name. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name the runtime knows (`Europe/Vilnius`, `UTC`). */
export const ianaTimeZone = Joi.string()
  .max(64)
  .custom((zone: string, helpers) => (isTimeZone(zone) ? zone : helpers.error('any.invalid')))
  .messages({ 'any.invalid': '{{#label}} must be an IANA time zone such as Europe/Vilnius' });

export const updateMePayload = Joi.object({
  displayName: name,
  email: email.allow(null),
  phone: phone.allow(null),
  password,
  currentPassword: Joi.string().max(200).when('password', { is: Joi.exist(), then: Joi.required() }),
  timeZone: ianaTimeZone.allow(null).description('the IANA zone you read times in (`Europe/Vilnius`); null: your browser’s'),
})
  .min(1)
  .label('UpdateMe');

/** Your own availability: off while you are away, so routing gives your share to the others. */
export const availabilityPayload = Joi.object({ available: Joi.boolean().required() }).label('Availability');

export const group = Joi.object({
  id: uuid.required(),
  key: Joi.string().required(),
  name: Joi.string().required(),
  routingStrategy: routingStrategy.required().description('how a ticket routed to the group gets an assignee'),
  olaTarget: Joi.string().allow(null).required().description('OLA: how long a ticket may stay with the group'),
  leadId: uuid.allow(null).required().description('the group lead, whom an escalation level `group-lead` mails'),
  createdAt: at.required(),
}).label('Group');
export const groupList = Joi.object({ items: Joi.array().items(group).required(), total: Joi.number().required() }).label('GroupList');
export const createGroupPayload = Joi.object({
  key: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9-]{0,62}$/, 'group key (lowercase, digits, -)')
    .required()
    .description('the name BPMN candidateGroups use'),
  name: name.required(),
  routingStrategy: routingStrategy.description('default manual: tickets wait in the group queue'),
}).label('CreateGroup');
export const groupKeyParams = Joi.object({ key: Joi.string().max(63).required() });
export const updateGroupPayload = Joi.object({
  name,
  olaTarget: Joi.string()
    .pattern(/^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/, 'ISO 8601 hours and minutes, e.g. PT4H')
    .allow(null)
    .description('OLA: how long a ticket may stay with the group; null: no target'),
  leadId: uuid.allow(null).description('the group lead (active staff): escalation level `group-lead` mails them; null: none'),
  routingStrategy: routingStrategy.description(
    "manual: nobody is chosen; round-robin: the next available member; least-loaded: the available member with fewest open tickets; skills: least loaded among members with the rule's required skills",
  ),
})
  .min(1)
  .label('UpdateGroup');

export const organization = Joi.object({ id: uuid.required(), name: Joi.string().required(), createdAt: at.required() }).label(
  'Organization',
);
export const organizationList = Joi.object({ items: Joi.array().items(organization).required(), total: Joi.number().required() }).label(
  'OrganizationList',
);
export const organizationPayload = Joi.object({ name: name.required() }).label('OrganizationInput');

export const site = Joi.object({
  id: uuid.required(),
  organizationId: uuid.allow(null).required(),
  name: Joi.string().required(),
  address: Joi.string().allow(null).required(),
  createdAt: at.required(),
}).label('Site');
/** A site in a list also names its customer, so a picker can say whose site it is to staff who may not list customers. */
export const siteListItem = site.keys({ organizationName: Joi.string().allow(null).required() }).label('SiteListItem');
export const siteList = Joi.object({ items: Joi.array().items(siteListItem).required(), total: Joi.number().required() }).label('SiteList');
export const createSitePayload = Joi.object({
  organizationId: uuid.required(),
  name: name.required(),
  address: Joi.string().trim().max(255).allow(null),
}).label('CreateSite');

export const updateSitePayload = Joi.object({
  name,
  address: Joi.string().trim().max(255).allow(null).description('null: no address'),
})
  .min(1)
  .label('UpdateSite');

/** An SLA target in business time, as SLA policies write them (sla/domain/business-duration.ts). */
const slaTarget = Joi.string()
  .pattern(/^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/, 'business duration such as PT4H or PT1H30M')
  .allow(null);

export const contract = Joi.object({
  id: uuid.required(),
  organizationId: uuid.allow(null).required(),
  name: Joi.string().required(),
  responseHours: Joi.number().integer().allow(null).required(),
  validFrom: Joi.string().required(),
  validTo: Joi.string().allow(null).required(),
  calendarId: uuid.allow(null).required(),
  responseTarget: Joi.string().allow(null).required(),
  onSiteTarget: Joi.string().allow(null).required(),
  createdAt: at.required(),
}).label('Contract');
export const contractList = Joi.object({ items: Joi.array().items(contract).required(), total: Joi.number().required() }).label(
  'ContractList',
);
export const createContractPayload = Joi.object({
  organizationId: uuid.required(),
  name: name.required(),
  responseHours: Joi.number()
    .integer()
    .min(1)
    .max(24 * 365)
    .allow(null),
  validFrom: isoDate.required(),
  validTo: isoDate.allow(null),
  calendarId: uuid.allow(null).description('the business calendar the SLA targets count on (GET /business-calendars)'),
  responseTarget: slaTarget.description('business time to a technician dispatched, e.g. PT2H; needs calendarId'),
  onSiteTarget: slaTarget.description('business time to a technician on site, e.g. PT4H; needs calendarId'),
})
  .with('responseTarget', 'calendarId')
  .with('onSiteTarget', 'calendarId')
  .label('CreateContract');

export const updateContractPayload = Joi.object({
  name,
  responseHours: Joi.number()
    .integer()
    .min(1)
    .max(24 * 365)
    .allow(null),
  validFrom: isoDate,
  validTo: isoDate.allow(null),
  calendarId: uuid.allow(null).description('null: no calendar (then no response or on-site target either)'),
  responseTarget: slaTarget.description('business time to a technician dispatched; needs a calendar'),
  onSiteTarget: slaTarget.description('business time to a technician on site; needs a calendar'),
})
  .min(1)
  .label('UpdateContract');

export const apiToken = Joi.object({
  id: uuid.required(),
  name: Joi.string().required(),
  prefix: Joi.string().required(),
  createdAt: at.required(),
  expiresAt: at.allow(null).required(),
  lastUsedAt: at.allow(null).required(),
  revokedAt: at.allow(null).required(),
}).label('ApiToken');
export const apiTokenList = Joi.object({ items: Joi.array().items(apiToken).required(), total: Joi.number().required() }).label(
  'ApiTokenList',
);
export const createApiTokenPayload = Joi.object({ name: name.required(), expiresInDays: Joi.number().integer().min(1).max(3650) }).label(
  'CreateApiToken',
);
export const createdApiToken = apiToken
  .keys({ token: Joi.string().required().description('shown once; send as "Authorization: Bearer <token>"') })
  .label('CreatedApiToken');

export const auditLogEntry = Joi.object({
  id: Joi.number().required(),
  actorId: uuid.allow(null).required(),
  actorName: Joi.string().required(),
  action: Joi.string().required(),
  entity: Joi.string().required(),
  entityId: Joi.string().required(),
  before: Joi.object().unknown(true).allow(null).required(),
  after: Joi.object().unknown(true).allow(null).required(),
  at: at.required(),
}).label('AuditLogEntry');
export const auditLogList = Joi.object({ items: Joi.array().items(auditLogEntry).required(), total: Joi.number().required() }).label(
  'AuditLogList',
);
