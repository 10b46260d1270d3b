import type { Plugin } from '@hapi/hapi';
import type { OutgoingMailDeps } from '../mail/domain/outgoing-mail';
import { decideByApprovalLink, openApprovalLink } from './routes/approval-links';
import { approveApproval, delegateApproval, getApproval, listApprovals, rejectApproval } from './routes/approvals';

/** Approvals: the user tasks a diagram marks `approval`, decided by their approvers (see approval-sync.ts). */
export const approvalsPlugin: Plugin<{ mail?: OutgoingMailDeps }> = {
  name: 'flowdesk-approvals',
  register(server, options) {
    server.route([
      listApprovals,
      getApproval,
      approveApproval,
      rejectApproval,
      delegateApproval(options.mail),
      openApprovalLink,
      decideByApprovalLink,
    ]);
  },
};
