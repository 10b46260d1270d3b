import Joi from 'joi';
import { conflicts } from '../changes/schemas';
import { ticketNumber } from '../tickets/schemas';
import { APPROVAL_STATES } from './domain/approval.entity';

export const approvalParams = Joi.object({ id: Joi.string().guid().required() });

export const listApprovalsQuery = Joi.object({
  mine: Joi.boolean().default(false).description('only approvals you (or one of your groups) decide now'),
  state: Joi.string().valid(...APPROVAL_STATES),
  ticket: ticketNumber.description('approvals of one ticket'),
  limit: Joi.number().integer().min(1).max(200).default(50),
  offset: Joi.number().integer().min(0).max(100_000).default(0),
});

const comment = Joi.string().trim().min(1).max(4_000);
export const approvePayload = Joi.object({ comment }).label('ApproveApproval');
export const rejectPayload = Joi.object({ comment: comment.required().description('why: the requester and the audit trail see it') }).label(
  'RejectApproval',
);
export const delegatePayload = Joi.object({
  to: Joi.string().trim().min(1).max(255).required().description('username of the member of staff who decides instead'),
  comment,
}).label('DelegateApproval');

export const approval = Joi.object({
  id: Joi.string().required(),
  taskId: Joi.string().required(),
  processInstanceId: Joi.string().required(),
  organizationId: Joi.string().allow(null).required().description('the customer whose process asks for it; null: internal'),
  elementId: Joi.string().required(),
  purpose: Joi.string().required().description('what is approved: cab, ecab, escalation…'),
  taskName: Joi.string().allow(null).required(),
  state: Joi.string()
    .valid(...APPROVAL_STATES)
    .required(),
  approver: Joi.string().allow(null).required().description('username of who decides now'),
  approverGroup: Joi.string().allow(null).required().description('the group that decides when no one person does'),
  delegatedFrom: Joi.string().allow(null).required(),
  comment: Joi.string().allow(null).required(),
  decidedBy: Joi.string().allow(null).required(),
  decidedAt: Joi.date().iso().allow(null).required(),
  createdAt: Joi.date().iso().required(),
  ticket: Joi.object({
    number: Joi.string().required(),
    title: Joi.string().required(),
    type: Joi.string().required(),
    state: Joi.string().required(),
    changeType: Joi.string().allow(null).required(),
    risk: Joi.string().allow(null).required(),
    plannedStartAt: Joi.date().iso().allow(null).required(),
    plannedEndAt: Joi.date().iso().allow(null).required(),
  })
    .allow(null)
    .required()
    .label('ApprovalSubject'),
  conflicts: conflicts.allow(null).required().description('for a change: what collides with its window, as the approver decides'),
}).label('Approval');

export const approvalList = Joi.object({ items: Joi.array().items(approval).required(), total: Joi.number().required() }).label(
  'ApprovalList',
);
