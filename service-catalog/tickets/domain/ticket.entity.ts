import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { FullTextType } from '@mikro-orm/postgresql';
import { tenantOwned } from '../../db/tenant';
import type { TicketType } from './ticket-types';

/** The ways a ticket comes in. */
/** Which way a ticket came in (issue 25: one inbox across channels). */
export const TICKET_CHANNELS = [
  'portal',
  'api',
  'mail',
  'chat',
  'form',
  'phone',
  'slack',
  'teams',
  'whatsapp',
  'messenger',
  'messaging',
] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/**
 * The record shared by incidents, problems, changes, requests and work orders. Tenant-owned: every
 * query is narrowed to the caller's organisations in the data layer. `state` is written by the
 * ticket's process (through activities), never by the API directly.
 */
export const Ticket = defineEntity({
  name: 'Ticket',
  tableName: 'ticket',
  properties: {
    id: p.uuid().primary(),
    number: p.string().unique(),
    type: p.string().$type<TicketType>(),
    title: p.string(),
    description: p.text(),
    callerId: p.uuid().nullable(),
    category: p.string().nullable(),
    subcategory: p.string().nullable(),
    /** The service's name, kept beside its id for search, mail templates and process variables. */
    service: p.string().nullable(),
    serviceId: p.uuid().nullable(),
    impact: p.string().nullable(),
    urgency: p.string().nullable(),
    priority: p.string().nullable(),
    state: p.string(),
    assignmentGroup: p.string().nullable(),
    assigneeId: p.uuid().nullable(),
    tags: p.array().$type<string[]>(),
    processInstanceId: p.uuid().nullable(),
    /** Which way it came in (`chat`, `form`…); null for tickets raised before channels were recorded. */
    channel: p.string().$type<TicketChannel>().nullable(),
    /** The change record (type change); see ticket-fields.ts. */
    changeType: p.string().nullable(),
    changeTemplate: p.string().nullable(),
    likelihood: p.string().nullable(),
    risk: p.string().nullable(),
    plannedStartAt: p.datetime().nullable(),
    plannedEndAt: p.datetime().nullable(),
    implementationPlan: p.text().nullable(),
    backoutPlan: p.text().nullable(),
    testPlan: p.text().nullable(),
    affectedServices: p.array().$type<string[]>().default([]),
    /** The SLA clock, written by the ticket's process (sla-deadlines, sla-clock, ticket-update stamps). */
    slaPolicy: p.string().nullable(),
    responseDueAt: p.datetime().nullable(),
    resolutionWarningAt: p.datetime().nullable(),
    resolutionDueAt: p.datetime().nullable(),
    /** The first public reply or action of the desk: the response target is met or missed by it. */
    firstRespondedAt: p.datetime().nullable(),
    /** Set while the clock stands still (awaiting caller, resolved); the deadlines move on resume. */
    slaPausedAt: p.datetime().nullable(),
    /** Business time the clock has stood still in total. */
    slaPausedMs: p.bigint('number').default(0),
    slaWarnedAt: p.datetime().nullable(),
    slaBreachedAt: p.datetime().nullable(),
    /** When the first-response target passed without a response from the desk (stamped once by the process). */
    slaResponseBreachedAt: p.datetime().nullable(),
    resolutionCode: p.string().nullable(),
    resolutionNotes: p.text().nullable(),
    resolvedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    /** The caller's answer to the closing survey: 1 (poor) to 5 (excellent), once. */
    satisfaction: p.integer().nullable(),
    satisfactionComment: p.text().nullable(),
    satisfactionAt: p.datetime().nullable(),
    /** Weighted full-text document (title over description), kept current on every write. */
    search: p
      .type(new FullTextType('simple'))
      .nullable()
      .lazy()
      .onCreate((t: { title: string; description: string }) => ({ A: t.title, B: t.description }))
      .onUpdate((t: { title: string; description: string }) => ({ A: t.title, B: t.description })),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    /** Optimistic lock: an update carrying an older version is refused with 409, never silently applied. */
    version: p.integer().version(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type Ticket = InferEntity<typeof Ticket>;
