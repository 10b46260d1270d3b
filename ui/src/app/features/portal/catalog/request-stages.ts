import { CatalogOrder, RequestApproval } from '../../../core/api/catalog-api';

export type StageStatus = 'done' | 'current' | 'waiting' | 'stopped';

/** One step of a service request as its requester follows it. */
export interface RequestStage {
  key: 'submitted' | 'approval' | 'fulfilment' | 'delivered';
  label: string;
  status: StageStatus;
  /** What the step is doing now, in the requester's words. */
  detail: string;
}

const APPROVER_WORDS: Record<string, string> = {
  manager: 'Your manager’s approval',
  group: 'Approval by the team responsible',
  cost: 'Cost approval',
};

/** An approval in the requester's words: what it is for. */
export function approvalWords(a: RequestApproval): string {
  return APPROVER_WORDS[a.purpose] ?? a.name ?? 'Approval';
}

const STATE_ORDER = ['new', 'submitted', 'in_progress', 'delivered', 'closed'];

/** The fulfilment tasks under way: what the request waits at once it is past its approvals. */
export function fulfilmentTasks(o: CatalogOrder): CatalogOrder['progress']['openTasks'] {
  return STATE_ORDER.indexOf(o.ticketState) >= STATE_ORDER.indexOf('in_progress') ? o.progress.openTasks : [];
}

/**
 * The four steps of a request — submitted, approved, fulfilled, delivered — from the order's progress
 * and the ticket's state: a rejection stops it at the approval, and a step is done once a later one began.
 */
export function stagesOf(o: CatalogOrder): RequestStage[] {
  const state = o.ticketState;
  const reached = STATE_ORDER.indexOf(state);
  const rejected = state === 'rejected';
  const cancelled = state === 'cancelled';
  const approvals = o.progress.approvals;
  const pending = approvals.filter((a) => a.state === 'pending');
  const inFulfilment = reached >= STATE_ORDER.indexOf('in_progress');
  const open = fulfilmentTasks(o);
  const delivered = reached >= STATE_ORDER.indexOf('delivered');
  const approval: RequestStage = {
    key: 'approval',
    label: 'Approval',
    status: rejected ? 'stopped' : inFulfilment ? 'done' : pending.length ? 'current' : 'waiting',
    detail: rejected
      ? 'Not approved: the request ends here.'
      : pending.length
        ? `Waiting for: ${pending.map(approvalWords).join(', ')}`
        : inFulfilment
          ? approvals.length
            ? 'Approved.'
            : 'No approval needed.'
          : 'Checking who approves…',
  };
  const fulfilment: RequestStage = {
    key: 'fulfilment',
    label: 'Fulfilment',
    status: delivered ? 'done' : inFulfilment ? 'current' : rejected || cancelled ? 'stopped' : 'waiting',
    detail: delivered
      ? `${o.progress.doneTasks.length} task${o.progress.doneTasks.length === 1 ? '' : 's'} done.`
      : inFulfilment
        ? `${o.progress.doneTasks.length} done, ${open.length} under way.`
        : 'Starts once approved.',
  };
  return [
    { key: 'submitted', label: 'Submitted', status: 'done', detail: 'We have your request.' },
    approval,
    fulfilment,
    {
      key: 'delivered',
      label: 'Delivered',
      status: delivered ? 'done' : rejected || cancelled ? 'stopped' : 'waiting',
      detail: delivered ? (state === 'closed' ? 'Delivered and closed.' : 'Delivered.') : 'Not yet.',
    },
  ];
}
