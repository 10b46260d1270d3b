import Joi from 'joi';
import { taskDenial } from '../processes/task-schemas';
import { CHANGE_CLOSING_CODES, RESOLUTION_CODES } from './domain/ticket-actions';
import { TICKET_ABILITIES } from './domain/ticket-work';
import { TICKET_LINK_KINDS } from './domain/ticket-link.entity';
import { CREATABLE_FIELDS, EDITABLE_FIELDS, inputSchemas, PRESENTED_FIELDS, responseSchema } from './domain/ticket-fields';
import { IMPACTS, TICKET_NUMBER, TICKET_TYPES, URGENCIES } from './domain/ticket-types';

const shortText = Joi.string().trim().min(1).max(120);
export const ticketNumber = Joi.string().pattern(TICKET_NUMBER, 'ticket number like INC0001042');
/** The fields PATCH /tickets/{number} may change, from the one declaration (ticket-fields.ts). */
const editable = inputSchemas(EDITABLE_FIELDS);

export const createTicketPayload = Joi.object({
  type: Joi.string()
    .valid(...Object.keys(TICKET_TYPES))
    .default('incident'),
  ...inputSchemas(CREATABLE_FIELDS),
  title: editable.title.required(),
  description: editable.description.default(''),
  // A standard change is one of the pre-approved templates; its window must end after it starts.
  changeTemplate: inputSchemas(CREATABLE_FIELDS).changeTemplate.when('changeType', { is: 'standard', then: Joi.required() }),
  plannedEndAt: editable.plannedEndAt.when('plannedStartAt', {
    is: Joi.date().required(),
    then: Joi.date().greater(Joi.ref('plannedStartAt')),
  }),
}).label('CreateTicket');

export const updateTicketPayload = Joi.object({
  version: Joi.number().integer().min(1).required().description('the version you read; a stale one gets 409'),
  ...editable,
})
  .min(2)
  .label('UpdateTicket');

export const idempotencyHeaders = Joi.object({
  'idempotency-key': Joi.string().pattern(/^[\x21-\x7e]{1,255}$/, 'printable, 1–255 characters'),
}).unknown(true);

const namedOrganization = Joi.object({ id: Joi.string().required(), name: Joi.string().required() }).label('NamedOrganization');
const person = Joi.object({ id: Joi.string().required(), displayName: Joi.string().required() }).label('Person');
const namedGroup = Joi.object({ key: Joi.string().required(), name: Joi.string().required() }).label('NamedGroup');
export const caller = Joi.object({
  id: Joi.string().required(),
  displayName: Joi.string().required(),
  email: Joi.string().allow(null).description('staff only'),
  phone: Joi.string().description('staff only; absent when the caller has none'),
  organization: namedOrganization.allow(null).description('staff only: the customer the caller belongs to'),
})
  .description('staff see the callers of the customers they serve (null for others); a requester sees only their own name')
  .label('TicketCaller');
const ability = Joi.object({
  allowed: Joi.boolean().required(),
  code: Joi.string()
    .allow(null)
    .required()
    .description('why not: TICKET_FINISHED, ALREADY_YOURS, NOT_IN_GROUP, NOT_YOUR_TICKET, NOT_WAITING, NOT_YOURS, STAFF_ONLY'),
  reason: Joi.string().allow(null).required(),
}).label('TicketAbility');
export const ticketWork = Joi.object({
  waitingAt: Joi.array()
    .items(
      Joi.object({
        taskId: Joi.string().required().description('<process instance id>.<element instance key>: GET /tasks/{id}/form'),
        elementId: Joi.string().required(),
        name: Joi.string().allow(null).required(),
        candidateGroups: Joi.array().items(Joi.string()).required(),
        groups: Joi.array().items(namedGroup).required().description('the candidate groups with their names'),
        actions: Joi.array().items(Joi.string()).required().description('the ticket actions that complete it'),
        formKey: Joi.string()
          .allow(null)
          .required()
          .description(
            'its Camunda form (zeebe:formDefinition), if any: a task naming no ticket action is completed with POST /tasks/{id}/complete',
          ),
        denial: taskDenial,
      }).label('WaitingTask'),
    )
    .required()
    .description('the user tasks the process waits at'),
  can: Joi.object(Object.fromEntries(TICKET_ABILITIES.map((a) => [a, ability.required()])))
    .required()
    .label('TicketAbilities'),
})
  .description('staff, on single-ticket answers: what you may do now, and why not')
  .label('TicketWork');

export const ticket = Joi.object({
  id: Joi.string().required(),
  number: Joi.string().required(),
  type: Joi.string().required(),
  ...Object.fromEntries(PRESENTED_FIELDS.map((f) => [f, responseSchema(f)])),
  caller: caller.allow(null).required(),
  organization: namedOrganization.allow(null).required().description('the customer the ticket belongs to'),
  state: Joi.string().required(),
  channel: Joi.string()
    .allow(null)
    .required()
    .description(
      'which way it came in (portal, api, mail, chat, form, phone, slack, teams, whatsapp, messenger, messaging); null: before channels were recorded',
    ),
  group: namedGroup.allow(null).required().description('staff only'),
  assignee: person.allow(null).required().description('staff only'),
  processInstanceId: Joi.string().allow(null).required(),
  sla: Joi.object({
    policy: Joi.string().allow(null).required(),
    responseDueAt: Joi.date().iso().allow(null).required(),
    resolutionWarningAt: Joi.date().iso().allow(null).required(),
    resolutionDueAt: Joi.date().iso().allow(null).required(),
    firstRespondedAt: Joi.date().iso().allow(null).required(),
    pausedAt: Joi.date().iso().allow(null).required().description('set while the clock stands still (awaiting caller, resolved)'),
    pausedMs: Joi.number().integer().required().description('business time the clock has stood still in total'),
    warnedAt: Joi.date().iso().allow(null).required(),
    breachedAt: Joi.date().iso().allow(null).required(),
    responseBreachedAt: Joi.date().iso().allow(null).required().description('when the first-response deadline passed without a response'),
  })
    .label('TicketSla')
    .required(),
  resolvedAt: Joi.date().iso().allow(null).required(),
  closedAt: Joi.date().iso().allow(null).required(),
  satisfaction: Joi.number().integer().min(1).max(5).allow(null).required(),
  createdAt: Joi.date().iso().required(),
  updatedAt: Joi.date().iso().required(),
  version: Joi.number().integer().required(),
  work: ticketWork,
  ola: Joi.array()
    .items(
      Joi.object({
        group: Joi.string().required(),
        heldMs: Joi.number().integer().required(),
        target: Joi.string().allow(null).required(),
        breached: Joi.boolean().required(),
        current: Joi.boolean().required(),
      }).label('GroupTime'),
    )
    .description("staff only: time in each group the ticket was with, against the group's OLA target"),
}).label('Ticket');

export const ticketList = Joi.object({ items: Joi.array().items(ticket).required(), total: Joi.number().required() }).label('TicketList');

export const entryPayload = Joi.object({
  kind: Joi.string().valid('reply', 'note').default('reply'),
  body: Joi.string().trim().min(1).max(20_000),
  cannedResponseId: Joi.string().guid().description('service desk: send this canned response, filled in for the ticket, instead of a body'),
})
  .xor('body', 'cannedResponseId')
  .label('NewTicketEntry');
export const entry = Joi.object({
  id: Joi.string().required(),
  kind: Joi.string().valid('reply', 'note').required(),
  authorId: Joi.string().allow(null).required(),
  authorName: Joi.string().required(),
  body: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
}).label('TicketEntry');
/** A new entry, and what became of mailing it to the caller (null: not mailed — a note, a caller's own reply, no address). */
export const createdEntry = entry
  .keys({
    mail: Joi.object({ to: Joi.string().required(), status: Joi.string().valid('sent', 'failed').required(), error: Joi.string() })
      .allow(null)
      .required(),
  })
  .label('CreatedTicketEntry');
export const entryList = Joi.object({ items: Joi.array().items(entry).required() }).label('TicketEntryList');

export const resolvePayload = Joi.object({
  resolutionCode: Joi.string()
    .valid(...RESOLUTION_CODES)
    .required(),
  resolutionNotes: Joi.string()
    .trim()
    .min(1)
    .max(20_000)
    .required()
    .description('what was done; the caller sees it in the resolution mail'),
}).label('ResolveTicket');
export const awaitCallerPayload = Joi.object({
  reply: Joi.string().trim().min(1).max(20_000).description('the question to the caller, sent as a public reply'),
}).label('AwaitCaller');
export const categorisePayload = Joi.object({
  category: shortText.required(),
  subcategory: shortText.allow(null),
  service: shortText.allow(null),
  impact: Joi.string()
    .valid(...IMPACTS)
    .required(),
  urgency: Joi.string()
    .valid(...URGENCIES)
    .required(),
}).label('CategoriseTicket');
export const implementPayload = Joi.object({
  closingCode: Joi.string()
    .valid(...CHANGE_CLOSING_CODES)
    .required()
    .description('successful; failed (a post-implementation review follows); backed_out (the back-out plan was run; reviewed too)'),
  notes: Joi.string().trim().min(1).max(20_000).required().description('what was done'),
}).label('ImplementChange');
export const reviewPayload = Joi.object({
  findings: Joi.string().trim().min(1).max(20_000).required().description('what the post-implementation review found'),
}).label('ReviewChange');
export const confirmMajorPayload = Joi.object({
  decision: Joi.string()
    .valid('confirm', 'downgrade')
    .required()
    .description('confirm: a major incident (page the on-call manager, open a linked problem); downgrade: P2, worked as usual'),
  reason: Joi.string().trim().min(1).max(2000).description('why, for the audit trail'),
}).label('ConfirmMajorIncident');
export const assignPayload = Joi.object({
  version: Joi.number().integer().min(1).required().description('the version you read; a stale one gets 409'),
  assignmentGroup: editable.assignmentGroup.invalid(null),
  assigneeId: Joi.alternatives()
    .try(Joi.string().valid('me'), Joi.string().guid())
    .allow(null)
    .description('an agent of the group, `me`, or null to put it back in the group queue'),
})
  .or('assignmentGroup', 'assigneeId')
  .label('AssignTicket');
export const confirmationPayload = Joi.object({
  confirmed: Joi.boolean().required().description('true: it works, close it; false: it does not, reopen it'),
  comment: Joi.string().trim().min(1).max(20_000),
}).label('ConfirmResolution');
export const linkPayload = Joi.object({
  number: ticketNumber.required(),
  kind: Joi.string()
    .valid(...TICKET_LINK_KINDS)
    .default('related'),
}).label('NewTicketLink');
export const linkList = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        kind: Joi.string().required(),
        direction: Joi.string().valid('outgoing', 'incoming').required(),
        number: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
      }).label('TicketLink'),
    )
    .required(),
}).label('TicketLinkList');
export const actionResult = Joi.object({
  ticket: ticket.required(),
  taskId: Joi.string().required(),
  elementId: Joi.string().required(),
}).label('TicketActionResult');

export const reopenPayload = Joi.object({
  comment: Joi.string()
    .trim()
    .min(1)
    .max(20_000)
    .required()
    .description('what came back, in the caller’s words; added to the conversation'),
}).label('ReopenTicket');
export const followUpPayload = Joi.object({
  title: editable.title.description('default: “Follow-up to INC…: <title of the closed ticket>”'),
  description: Joi.string().trim().min(1).max(20_000).required().description('what happened again'),
}).label('FollowUpTicket');
export const reopenOptions = Joi.object({
  number: Joi.string().required(),
  state: Joi.string().required(),
  closedAt: Joi.date().iso().allow(null).required(),
  reopenUntil: Joi.date().iso().allow(null).required().description('until when a closed ticket can be reopened'),
  canReopen: Joi.boolean().required(),
  canFollowUp: Joi.boolean().required().description('a follow-up ticket linked to this one can be raised (closed or cancelled tickets)'),
  reason: Joi.string().allow(null).required().description('why it cannot be reopened, in words'),
}).label('ReopenOptions');
const holder = Joi.object({ group: namedGroup.allow(null).required(), assignee: person.allow(null).required() }).label('TicketHolder');
export const assignmentHistory = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        at: Joi.date().iso().required(),
        by: person.allow(null).required().description('null: the system (routing rules, the process)'),
        how: Joi.string().valid('raised', 'routed', 'assigned', 'taken', 'released').required(),
        from: holder.required(),
        to: holder.required(),
      }).label('AssignmentStep'),
    )
    .required(),
}).label('AssignmentHistory');
export const assignmentOptionsQuery = Joi.object({
  group: editable.assignmentGroup.invalid(null).description("whose agents to list; default the ticket's group"),
});
export const assignmentOptions = Joi.object({
  groups: Joi.array().items(namedGroup).required(),
  group: namedGroup.allow(null).required().description('the group whose agents are listed'),
  agents: Joi.array()
    .items(person.keys({ username: Joi.string().required(), available: Joi.boolean().required() }).label('AssignableAgent'))
    .required()
    .description("active agents and technicians of the group who serve the ticket's customer"),
}).label('AssignmentOptions');
