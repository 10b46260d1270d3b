import type { Plugin } from '@hapi/hapi';
import { decideByApprovalLink, openApprovalLink } from './routes/approval-links';
import { approveApproval, delegateApproval, getApproval, listApprovals, rejectApproval } from './routes/approvals';

/** Approvals: the user tasks a diagram marks `approval`, decided by their approvers (see approval-sync.ts). */
export const approvalsPlugin: Plugin<void> = {
  name: 'flowdesk-approvals',
  register(server) {
    server.route([listApprovals, getApproval, approveApproval, rejectApproval, delegateApproval, openApprovalLink, decideByApprovalLink]);
  },
};
