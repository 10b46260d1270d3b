import type { PlaceholderSet } from './render-template';

/**
 * The placeholders templates may use, checked when a template is saved (an unknown one is refused
 * with 422 naming it). The values come from ticket-template-values.ts.
 */
export const TICKET_FIELDS = [
  'number',
  'title',
  'description',
  'type',
  'state',
  'priority',
  'impact',
  'urgency',
  'category',
  'subcategory',
  'service',
  'assignmentGroup',
  'createdAt',
  'url',
  'slaPolicy',
  'responseDueAt',
  'resolutionDueAt',
  'resolutionCode',
  'resolutionNotes',
  'resolvedAt',
] as const;
const PERSON_FIELDS = ['displayName', 'firstName', 'email'] as const;

const person = (who: string) => PERSON_FIELDS.map((f) => `${who}.${f}`);

/**
 * Canned responses: the ticket, its caller, the agent using the response (`agent.*`) and the portal.
 */
export const CANNED_RESPONSE_PLACEHOLDERS: PlaceholderSet = {
  names: [...TICKET_FIELDS.map((f) => `ticket.${f}`), ...person('caller'), ...person('agent'), 'portalUrl'],
};

/**
 * Mail templates: everything a canned response has, plus the assignee and the addressee, the
 * caller's one-click links, the reply being mailed (ticket.reply), and the process variables of a
 * `notify` task under `vars.` (any name).
 */
export const MAIL_TEMPLATE_PLACEHOLDERS: PlaceholderSet = {
  names: [
    ...CANNED_RESPONSE_PLACEHOLDERS.names,
    ...person('assignee'),
    ...person('recipient'),
    'confirmUrl',
    'reopenUrl',
    'surveyUrl',
    'surveyScoreLinks',
    'reply.body',
    'reply.authorName',
  ],
  prefixes: ['vars.'],
};

/** Every mail subject carries this, so a reply to any mail we send finds its ticket again. */
export const TICKET_NUMBER_PLACEHOLDER = 'ticket.number';
