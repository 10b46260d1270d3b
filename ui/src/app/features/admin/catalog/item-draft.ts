import type { ApprovalPolicy, CuratedItem, ItemInput } from '../../../core/api/curation-api';
import { EMPTY_FORM } from '../../../shared/form-designer/form-designer';

/** The roles an item can be limited to (the API's roles). */
export const ROLES = ['requester', 'agent', 'process-owner', 'technician', 'admin'] as const;

/** The item form as the curator edits it: text boxes hold text, empty means "not set". */
export interface ItemDraft {
  name: string;
  description: string;
  categoryId: string;
  serviceId: string;
  priceAmount: string;
  priceCurrency: string;
  approvalKind: ApprovalPolicy['kind'];
  approvalGroup: string;
  costThreshold: string;
  costApprovers: string;
  organizationIds: string[];
  roles: string[];
  processId: string;
  fulfilmentGroup: string;
}

export const blankDraft = (): ItemDraft => ({
  name: '',
  description: '',
  categoryId: '',
  serviceId: '',
  priceAmount: '',
  priceCurrency: 'EUR',
  approvalKind: 'none',
  approvalGroup: '',
  costThreshold: '',
  costApprovers: '',
  organizationIds: [],
  roles: [],
  processId: 'service-request',
  fulfilmentGroup: '',
});

export function draftOf(item: CuratedItem): ItemDraft {
  const a = item.approvalPolicy;
  return {
    name: item.name,
    description: item.description,
    categoryId: item.categoryId,
    serviceId: item.serviceId ?? '',
    priceAmount: item.price ? String(item.price.amount) : '',
    priceCurrency: item.price?.currency ?? 'EUR',
    approvalKind: a.kind,
    approvalGroup: a.group ?? '',
    costThreshold: a.costThreshold === undefined ? '' : String(a.costThreshold),
    costApprovers: a.costApprovers ?? '',
    organizationIds: [...item.visibility.organizationIds],
    roles: [...item.visibility.roles],
    processId: item.processId,
    fulfilmentGroup: item.fulfilmentGroup ?? '',
  };
}

/**
 * The payload the API takes. Text the curator typed is passed on as typed (a price of "12,50" stays
 * text) so the API's 400 names the field, rather than this form guessing what was meant.
 */
export function payloadOf(d: ItemDraft, formSchema: ItemInput['formSchema'], active: boolean): ItemInput {
  const approvalPolicy: Record<string, unknown> = { kind: d.approvalKind };
  if (d.approvalKind === 'group') approvalPolicy['group'] = d.approvalGroup;
  if (d.costThreshold.trim() !== '') {
    approvalPolicy['costThreshold'] = numberOrText(d.costThreshold);
    approvalPolicy['costApprovers'] = d.costApprovers;
  }
  return {
    name: d.name.trim(),
    description: d.description,
    categoryId: d.categoryId,
    serviceId: d.serviceId || null,
    price: d.priceAmount.trim() === '' ? null : ({ amount: numberOrText(d.priceAmount), currency: d.priceCurrency.trim() } as never),
    approvalPolicy: approvalPolicy as unknown as ApprovalPolicy,
    visibility: { organizationIds: d.organizationIds, roles: d.roles },
    processId: d.processId,
    fulfilmentGroup: d.fulfilmentGroup || null,
    formSchema,
    active,
  };
}

export const NEW_ITEM_FORM = EMPTY_FORM;

function numberOrText(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}
