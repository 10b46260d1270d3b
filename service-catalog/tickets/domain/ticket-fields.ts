import Joi from 'joi';
import { CHANGE_TYPES, IMPACTS, LIKELIHOODS, PRIORITIES, URGENCIES } from './ticket-types';

/**
 * The ticket's own fields, declared once. The API's joi schemas (create, update, response), the
 * TypeScript types of a new ticket and of a change, the presenter, the audited before/after, the
 * variables a ticket's process starts with, what a process may write back (`ticket-update`) and what
 * a ticket a process opens inherits all derive from this table. A new field is one line here (plus
 * its column in ticket.entity.ts and a migration).
 *
 * Flags:
 * - `wire`: the JSON type on the wire; `text?`/`id?` are nullable.
 * - `input`: joi of a value a client may send (create and, if `editable`, update).
 * - `editable`: PATCH /tickets/{number} may change it; `createOnly`: only raising the ticket sets it.
 * - `staffOnly`: a requester may not set it (triage, routing and ownership are the desk's decisions).
 * - `audited`: shown before/after in the audit trail when it changes.
 * - `startVariable`: the ticket's process starts with a variable of the same name.
 * - `processWritable`: a process may copy a variable of that name onto the ticket (`ticket-update`).
 * - `inherited`: a ticket a process opens from this one (a problem from a major incident) takes it over.
 */
export interface TicketFieldSpec {
  wire: 'text' | 'text?' | 'id?' | 'tags' | 'instant?';
  input?: Joi.Schema;
  editable?: true;
  createOnly?: true;
  staffOnly?: true;
  audited?: true;
  startVariable?: true;
  processWritable?: true;
  inherited?: true;
}

const shortText = Joi.string().trim().min(1).max(120);
/** A group key (`service-desk`, `network`…). */
export const groupKey = Joi.string().pattern(/^[a-z0-9][a-z0-9-]{0,62}$/, 'group key');

export const TICKET_FIELDS = {
  title: { wire: 'text', input: Joi.string().trim().min(3).max(200), editable: true, audited: true, startVariable: true },
  description: { wire: 'text', input: Joi.string().max(20_000).allow(''), editable: true, audited: true },
  callerId: { wire: 'id?', input: Joi.string().guid(), createOnly: true, staffOnly: true, startVariable: true },
  organizationId: { wire: 'id?', input: Joi.string().guid().allow(null), createOnly: true, startVariable: true, inherited: true },
  category: {
    wire: 'text?',
    input: shortText.allow(null),
    editable: true,
    audited: true,
    startVariable: true,
    processWritable: true,
    inherited: true,
  },
  subcategory: { wire: 'text?', input: shortText.allow(null), editable: true, audited: true, processWritable: true, inherited: true },
  // A service's id (or, kept for older clients, its name); the ticket shows the service's name here.
  service: {
    wire: 'text?',
    input: shortText.allow(null).description("the service's id, or its name (kept for older clients); answered with its name"),
    editable: true,
    audited: true,
    startVariable: true,
    processWritable: true,
    inherited: true,
  },
  serviceId: {
    wire: 'id?',
    input: Joi.string().guid().allow(null).description('the service the ticket is about (GET /services)'),
    editable: true,
    audited: true,
    startVariable: true,
    processWritable: true,
    inherited: true,
  },
  impact: {
    wire: 'text?',
    input: Joi.string()
      .valid(...IMPACTS)
      .allow(null),
    editable: true,
    audited: true,
    startVariable: true,
    processWritable: true,
    inherited: true,
  },
  urgency: {
    wire: 'text?',
    input: Joi.string()
      .valid(...URGENCIES)
      .allow(null),
    editable: true,
    audited: true,
    startVariable: true,
    processWritable: true,
    inherited: true,
  },
  priority: {
    wire: 'text?',
    input: Joi.string()
      .valid(...PRIORITIES)
      .allow(null),
    editable: true,
    staffOnly: true,
    audited: true,
    startVariable: true,
    processWritable: true,
    inherited: true,
  },
  assignmentGroup: {
    wire: 'text?',
    input: groupKey.allow(null),
    editable: true,
    staffOnly: true,
    audited: true,
    processWritable: true,
    inherited: true,
  },
  assigneeId: {
    wire: 'id?',
    input: Joi.string().guid().allow(null),
    editable: true,
    staffOnly: true,
    audited: true,
    processWritable: true,
  },
  tags: { wire: 'tags', input: Joi.array().items(Joi.string().trim().min(1).max(40)).max(20).unique(), editable: true, audited: true },
  // The change record (type change): what it is, when, and how it is done and undone.
  changeType: {
    wire: 'text?',
    input: Joi.string()
      .valid(...CHANGE_TYPES)
      .allow(null),
    createOnly: true,
    staffOnly: true,
    audited: true,
    startVariable: true,
  },
  changeTemplate: { wire: 'text?', input: shortText.allow(null), createOnly: true, staffOnly: true, audited: true, startVariable: true },
  likelihood: {
    wire: 'text?',
    input: Joi.string()
      .valid(...LIKELIHOODS)
      .allow(null),
    editable: true,
    staffOnly: true,
    audited: true,
    startVariable: true,
  },
  plannedStartAt: {
    wire: 'instant?',
    input: Joi.date().iso().allow(null),
    editable: true,
    staffOnly: true,
    audited: true,
    startVariable: true,
  },
  plannedEndAt: {
    wire: 'instant?',
    input: Joi.date().iso().allow(null),
    editable: true,
    staffOnly: true,
    audited: true,
    startVariable: true,
  },
  implementationPlan: { wire: 'text?', input: Joi.string().max(20_000).allow(null), editable: true, staffOnly: true, audited: true },
  backoutPlan: { wire: 'text?', input: Joi.string().max(20_000).allow(null), editable: true, staffOnly: true, audited: true },
  testPlan: { wire: 'text?', input: Joi.string().max(20_000).allow(null), editable: true, staffOnly: true, audited: true },
  affectedServices: {
    wire: 'tags',
    input: Joi.array().items(shortText).max(50).unique(),
    editable: true,
    staffOnly: true,
    audited: true,
    startVariable: true,
  },
  /** The change's risk, from the change-risk decision table. */
  risk: { wire: 'text?', processWritable: true },
  // Written by the ticket's process only; the response shows them (the SLA ones inside `sla`).
  slaPolicy: { wire: 'text?', processWritable: true },
  responseDueAt: { wire: 'instant?', processWritable: true },
  resolutionWarningAt: { wire: 'instant?', processWritable: true },
  resolutionDueAt: { wire: 'instant?', processWritable: true },
  resolutionCode: { wire: 'text?', processWritable: true },
  resolutionNotes: { wire: 'text?', processWritable: true },
} as const satisfies Record<string, TicketFieldSpec>;

type Fields = typeof TICKET_FIELDS;
export type TicketFieldName = keyof Fields;
type WithFlag<Flag extends keyof TicketFieldSpec> = {
  [K in TicketFieldName]: Fields[K] extends Record<Flag, true> ? K : never;
}[TicketFieldName];
type WireValue<W> = W extends 'text' ? string : W extends 'tags' ? string[] : W extends 'instant?' ? Date | null : string | null;
type Values<K extends TicketFieldName> = { [F in K]: WireValue<Fields[F]['wire']> };

export type EditableField = WithFlag<'editable'>;
export type AuditedField = WithFlag<'audited'>;
/** Fields a client may send when raising a ticket. */
export type CreatableField = EditableField | WithFlag<'createOnly'>;
export type ProcessWritableField = WithFlag<'processWritable'>;

/** What PATCH /tickets/{number} may change. */
export type TicketChanges = Partial<Values<EditableField>>;
/** What a client may send when raising a ticket: a title, and any of the other creatable fields. */
export type NewTicketFields = Pick<Values<'title'>, 'title'> & Partial<Values<Exclude<CreatableField, 'title'>>>;

const named = <Flag extends keyof TicketFieldSpec>(flag: Flag) =>
  (Object.keys(TICKET_FIELDS) as TicketFieldName[]).filter((f) => (TICKET_FIELDS[f] as TicketFieldSpec)[flag]) as Array<WithFlag<Flag>>;

export const EDITABLE_FIELDS = named('editable');
export const CREATABLE_FIELDS = [...EDITABLE_FIELDS, ...named('createOnly')] as CreatableField[];
export const STAFF_ONLY_FIELDS = named('staffOnly');
export const AUDITED_FIELDS = named('audited');
export const START_VARIABLE_FIELDS = named('startVariable');
export const PROCESS_WRITABLE_FIELDS = named('processWritable');
export const INHERITED_FIELDS = named('inherited');
/** The fields the response shows at its top level (the SLA ones go inside `sla`). */
export const PRESENTED_FIELDS = [...CREATABLE_FIELDS, 'risk', 'resolutionCode', 'resolutionNotes'] as const;
export type PresentedField = (typeof PRESENTED_FIELDS)[number];

/** joi of the fields a client sends, keyed by name: `only` picks some. */
export function inputSchemas<K extends CreatableField>(only: readonly K[]): Record<K, Joi.Schema> {
  return Object.fromEntries(only.map((f) => [f, (TICKET_FIELDS[f] as TicketFieldSpec).input!])) as Record<K, Joi.Schema>;
}

/** joi of a field as the API answers it: always present, null where the wire type allows. */
export function responseSchema(field: TicketFieldName): Joi.Schema {
  const wire = (TICKET_FIELDS[field] as TicketFieldSpec).wire;
  if (wire === 'text') return field === 'description' ? Joi.string().allow('').required() : Joi.string().required();
  if (wire === 'tags') return Joi.array().items(Joi.string()).required();
  if (wire === 'instant?') return Joi.date().iso().allow(null).required();
  return field === 'resolutionNotes' ? Joi.string().allow(null, '').required() : Joi.string().allow(null).required();
}

/** The values of `fields` on a ticket, absent ones as null (tags as []): for the presenter, the audit and process variables. */
export function fieldValues<K extends TicketFieldName>(
  ticket: Partial<Record<TicketFieldName, unknown>>,
  fields: readonly K[],
): Record<K, unknown> {
  return Object.fromEntries(
    fields.map((f) => [f, ticket[f] ?? ((TICKET_FIELDS[f] as TicketFieldSpec).wire === 'tags' ? [] : null)]),
  ) as Record<K, unknown>;
}
