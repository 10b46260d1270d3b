import type { Request, ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ROLES, STAFF_ROLES } from '../../identity/domain/roles';
import type { OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import { ApprovalMailer } from '../domain/approval-mailer';
import { ApprovalService, type ApprovalQuery } from '../domain/approval-service';
import type { ApprovalDecision } from '../domain/approval.entity';
import { presentApprovals } from '../presenters';
import { approval, approvalList, approvalParams, approvePayload, delegatePayload, listApprovalsQuery, rejectPayload } from '../schemas';

/** Approvers are mostly staff (CAB members, change managers, their delegates); delegating is staff only. */
const STAFF = { access: { scope: [...STAFF_ROLES] } };
/** A requester decides their own approvals too: a line manager in the customer's organisation approving an order. */
const APPROVERS = { access: { scope: [...ROLES] } };
const service = (request: Request) => new ApprovalService(request.app.em, request.server.app.engine);
const one = async (request: Request, a: Parameters<typeof presentApprovals>[1][number]) => (await presentApprovals(request.app.em, [a]))[0];

export const listApprovals: ServerRoute = {
  method: 'GET',
  path: '/approvals',
  options: {
    tags: ['api', 'approvals'],
    description:
      "Approvals, newest first; `mine=true` is the approver's inbox (add `state=pending` for what waits). A requester always gets only their own",
    auth: APPROVERS,
    validate: { query: listApprovalsQuery },
    response: { schema: approvalList },
  },
  async handler(request) {
    const [items, total] = await service(request).list(principalOf(request), request.query as unknown as ApprovalQuery);
    return { items: await presentApprovals(request.app.em, items), total };
  },
};

export const getApproval: ServerRoute = {
  method: 'GET',
  path: '/approvals/{id}',
  options: {
    tags: ['api', 'approvals'],
    description: 'One approval, with what it approves and, for a change, its conflicts',
    notes: '404 for a requester who does not decide it.',
    auth: APPROVERS,
    validate: { params: approvalParams },
    response: { schema: approval },
  },
  async handler(request) {
    return one(request, await service(request).get(request.params.id as string, principalOf(request)));
  },
};

const decisionRoute = (decision: ApprovalDecision, path: string, payload: typeof approvePayload, description: string): ServerRoute => ({
  method: 'POST',
  path: `/approvals/{id}/${path}`,
  options: {
    tags: ['api', 'approvals'],
    description,
    notes:
      '403 when the approval is not yours (nor your group’s); 409 APPROVAL_NOT_PENDING when it was decided, APPROVAL_WITHDRAWN when its task ended without your decision (the quorum was reached, it timed out). Audited.',
    auth: APPROVERS,
    validate: { params: approvalParams, payload },
    response: { schema: approval },
  },
  async handler(request) {
    const { comment } = (request.payload ?? {}) as { comment?: string };
    return one(request, await service(request).decide(principalOf(request), request.params.id as string, decision, comment));
  },
});

export const approveApproval = decisionRoute('approved', 'approve', approvePayload, 'Approve, with an optional comment');
export const rejectApproval = decisionRoute('rejected', 'reject', rejectPayload, 'Reject, saying why');

/**
 * @param mail outgoing mail: the new holder is mailed the approval with links (and a reply address)
 * of their own; the old holder's links and reply address stop working with the hand-over.
 */
export const delegateApproval = (mail?: OutgoingMailDeps): ServerRoute => ({
  method: 'POST',
  path: '/approvals/{id}/delegate',
  options: {
    tags: ['api', 'approvals'],
    description:
      'Hand a pending approval to another member of staff, who then decides it (mailed to them with links of their own); audited with the reason',
    notes:
      '400 naming payload.to when that user does not exist, is not active staff or does not serve the customer; 403 when not yours. The links mailed to the previous holder answer 403 LINK_INVALID from now on, and their mail replies are ignored.',
    auth: STAFF,
    validate: { params: approvalParams, payload: delegatePayload },
    response: { schema: approval },
  },
  async handler(request) {
    const { to, comment } = request.payload as { to: string; comment?: string };
    const delegated = await service(request).delegate(principalOf(request), request.params.id as string, to, comment);
    if (mail) await new ApprovalMailer(request.app.em, mail).mailDelegated(delegated);
    return one(request, delegated);
  },
});
