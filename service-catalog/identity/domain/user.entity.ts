import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Role } from './roles';

/**
 * A person (or integration) who signs in. `organizationId` is the customer organisation a requester
 * belongs to; `servedOrganizationIds` the customers an agent or technician works for. Memberships are
 * id lists checked against their tables on every write (see UserService).
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    username: p.string().unique(),
    displayName: p.string(),
    email: p.string().nullable(),
    /** Where the desk can call them back (as typed, e.g. `+370 612 34567`); shown to the staff who serve them. */
    phone: p.string().nullable(),
    /** argon2id; null for accounts that only sign in through an external identity provider. */
    passwordHash: p.string().nullable().lazy(),
    roles: p.json<Role[]>(),
    organizationId: p.uuid().nullable().index(),
    groupIds: p.json<string[]>(),
    /** Their line manager, who approves what a catalog item asks the manager to approve (service-request.bpmn). */
    managerId: p.uuid().nullable(),
    servedOrganizationIds: p.json<string[]>(),
    active: p.boolean(),
    /** What an agent or technician can handle (`vpn`, `payment-terminals`); set by admins, lowercase. */
    skills: p.json<string[]>().default([]),
    /** Off while the agent is away: routing then never chooses them. They set it themselves. */
    available: p.boolean().default(true),
    /** When routing last gave them a ticket: least-loaded breaks ties by it. */
    lastAssignedAt: p.datetime().nullable(),
    /**
     * Carried by every access token as `ver`; a password change, a deactivation or an admin's
     * revocation raises it, which ends every access token issued before at once.
     */
    tokenVersion: p.integer().default(0),
    /** The IANA zone they read times in (`Europe/Vilnius`); null: their browser's. They set it themselves. */
    timeZone: p.string().length(64).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type User = InferEntity<typeof User>;
