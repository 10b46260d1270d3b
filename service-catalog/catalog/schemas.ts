import Joi from 'joi';
import { ROLES } from '../identity/domain/roles';
import { groupKey } from '../tickets/domain/ticket-fields';

export const catalogId = Joi.string().guid();

const categoryFields = {
  name: Joi.string().trim().min(1).max(120),
  description: Joi.string().max(2000).allow(''),
  position: Joi.number().integer().min(0).max(10_000).description('shelves show by position, then name'),
};
export const createCategoryPayload = Joi.object({ ...categoryFields, name: categoryFields.name.required() }).label('NewCatalogCategory');
export const updateCategoryPayload = Joi.object(categoryFields).min(1).label('CatalogCategoryChanges');
export const category = Joi.object({
  id: Joi.string().required(),
  name: Joi.string().required(),
  description: Joi.string().allow('').required(),
  position: Joi.number().integer().required(),
}).label('CatalogCategory');
export const categoryList = Joi.object({ items: Joi.array().items(category).required() }).label('CatalogCategoryList');

const approvalPolicy = Joi.object({
  kind: Joi.string().valid('none', 'manager', 'group').required(),
  group: groupKey.when('kind', { is: 'group', then: Joi.required(), otherwise: Joi.forbidden() }),
  costThreshold: Joi.number()
    .min(0)
    .max(1_000_000_000)
    .description('an order whose price is above it needs a second approval, from costApprovers'),
  costApprovers: groupKey
    .when('costThreshold', { is: Joi.exist(), then: Joi.required(), otherwise: Joi.forbidden() })
    .description('the group that approves orders above costThreshold'),
})
  .label('ApprovalPolicy')
  .description(
    'who approves an order before fulfilment (service-request.bpmn): nobody, the requester’s manager or a group, then above costThreshold also costApprovers',
  );
const price = Joi.object({
  amount: Joi.number().min(0).max(1_000_000_000).precision(2).required(),
  currency: Joi.string()
    .pattern(/^[A-Z]{3}$/, 'ISO 4217 code')
    .required(),
}).label('Price');

const itemFields = {
  categoryId: Joi.string().guid(),
  serviceId: Joi.string().guid().allow(null).description('the service the item belongs to'),
  name: Joi.string().trim().min(1).max(120),
  description: Joi.string().max(20_000).allow(''),
  formSchema: Joi.object({ components: Joi.array().max(200).required() })
    .unknown(true)
    .max(200_000)
    .description('a @bpmn-io/form-js schema; answers are checked against it on submit'),
  price: price.allow(null),
  approvalPolicy,
  visibility: Joi.object({
    organizationIds: Joi.array().items(Joi.string().guid()).max(1000).unique().description('empty: every customer'),
    roles: Joi.array()
      .items(Joi.string().valid(...ROLES))
      .unique()
      .description('empty: every role'),
  }).label('CatalogVisibility'),
  processId: Joi.string()
    .pattern(/^[A-Za-z_][\w.-]{0,254}$/, 'BPMN process id')
    .description('the process an order starts (default service-request)'),
  fulfilmentGroup: groupKey.allow(null).description("whose fulfilment tasks an order opens (default: the service's support group)"),
  active: Joi.boolean().description('withdrawn items (false) are hidden from requesters'),
};
export const createItemPayload = Joi.object({
  ...itemFields,
  categoryId: itemFields.categoryId.required(),
  name: itemFields.name.required(),
  formSchema: itemFields.formSchema.required(),
  organizationId: Joi.string().guid().allow(null).description("one customer's own item; unset: the provider's"),
}).label('NewCatalogItem');
export const updateItemPayload = Joi.object(itemFields).min(1).label('CatalogItemChanges');
export const listItemsQuery = Joi.object({
  categoryId: Joi.string().guid(),
  q: Joi.string().trim().min(1).max(100).description('words in the name or description'),
  limit: Joi.number().integer().min(1).max(500).default(100),
  offset: Joi.number().integer().min(0).default(0),
});

export const item = Joi.object({
  id: Joi.string().required(),
  categoryId: Joi.string().required(),
  serviceId: Joi.string().allow(null).required(),
  name: Joi.string().required(),
  description: Joi.string().allow('').required(),
  formSchema: Joi.object().unknown(true).required(),
  price: price.allow(null).required(),
  approvalPolicy: Joi.object().unknown(true).required(),
  visibility: Joi.object({ organizationIds: Joi.array().items(Joi.string()).required(), roles: Joi.array().items(Joi.string()).required() })
    .required()
    .label('CatalogVisibilityView'),
  processId: Joi.string().required(),
  fulfilmentGroup: Joi.string().allow(null).required(),
  active: Joi.boolean().required(),
  organizationId: Joi.string().allow(null).required(),
}).label('CatalogItem');
export const itemList = Joi.object({ items: Joi.array().items(item).required(), total: Joi.number().integer().required() }).label(
  'CatalogItemList',
);

export const submitPayload = Joi.object({
  answers: Joi.object().unknown(true).max(200).required().description("answers keyed by the form's field keys"),
  description: Joi.string().max(20_000).allow('').description('replaces the summary of the answers as the ticket description'),
  organizationId: Joi.string().guid().allow(null).description('staff ordering for a customer they serve'),
}).label('CatalogOrder');
export const order = Joi.object({
  id: Joi.string().required(),
  ticketNumber: Joi.string().required(),
  ticketState: Joi.string().required(),
  processInstanceId: Joi.string().allow(null).required(),
  catalogItemId: Joi.string().required(),
  catalogItemName: Joi.string().required(),
  answers: Joi.object().unknown(true).required(),
  createdAt: Joi.date().iso().required(),
  progress: Joi.object({
    status: Joi.string().allow(null).required().description('RUNNING, COMPLETED, CANCELED; null before the process first waits'),
    openTasks: Joi.array()
      .items(Joi.object({ elementId: Joi.string().required(), name: Joi.string().allow(null).required() }).label('CatalogRequestTask'))
      .required()
      .description('the fulfilment (or approval) tasks the request waits at now'),
    approvals: Joi.array()
      .items(
        Joi.object({
          purpose: Joi.string().required().description('manager, group, cost…: what the approval is for'),
          name: Joi.string().allow(null).required(),
          state: Joi.string().valid('pending', 'approved', 'rejected', 'withdrawn').required(),
          decidedAt: Joi.date().iso().allow(null).required(),
          comment: Joi.string().allow(null).required().description("the approver's comment on a decision"),
        }).label('CatalogRequestApproval'),
      )
      .required()
      .description('its approvals, pending and decided, in the order they were asked'),
    doneTasks: Joi.array()
      .items(
        Joi.object({
          elementId: Joi.string().required(),
          name: Joi.string().allow(null).required(),
          completedAt: Joi.date().iso().required(),
        }).label('CatalogRequestDoneTask'),
      )
      .required()
      .description('fulfilment tasks finished so far'),
  })
    .required()
    .label('CatalogRequestProgress'),
}).label('CatalogRequest');
