import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export type ApprovalDecision = 'approved' | 'rejected';

/**
 * One approval: a user task of a diagram marked with the `approval` property, for one approver (or
 * one group). The workflow owns the task; this row owns who may decide it now (delegation moves it),
 * the decision and its comment. `withdrawn`: the task ended without a decision (the quorum was
 * reached without it, a timeout took it away, the process ended). Tenant-owned like its instance.
 */
export const Approval = defineEntity({
  name: 'Approval',
  tableName: 'approval',
  properties: {
    id: p.uuid().primary(),
    processInstanceId: p.uuid(),
    /** `<process instance id>.<element instance key>`, as the task routes name it. */
    taskId: p.string().unique(),
    elementId: p.string(),
    /** The property's value: what is approved (`cab`, `ecab`, `escalation`…). */
    purpose: p.string(),
    taskName: p.string().nullable(),
    ticketId: p.uuid().nullable(),
    approverId: p.uuid().nullable(),
    approverUsername: p.string().nullable(),
    /** A candidate group decides when the task names no one person. */
    approverGroup: p.string().nullable(),
    /** Who handed it on, when it was delegated (the audit trail keeps every hand-over). */
    delegatedFrom: p.string().nullable(),
    state: p.string().$type<ApprovalState>(),
    comment: p.text().nullable(),
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    /** When the approval mail with its approve and reject links went out (see approval-mailer.ts). */
    mailedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type Approval = InferEntity<typeof Approval>;

/** The `zeebe:property` that makes a user task an approval; its value names the purpose. */
export const APPROVAL_PROPERTY = 'approval';
