import { ConfigurationItem } from '../../../core/api/cmdb-api';

/** The CI form's fields as the API names them, so its problems land on the right control. */
export const BASE_FIELDS = [
  'key',
  'classKey',
  'name',
  'lifecycleState',
  'organizationId',
  'siteId',
  'attributes',
  'model',
  'serialNumber',
  'warrantyUntil',
  'version',
];

export interface Draft {
  key: string;
  classKey: string;
  name: string;
  lifecycleState: string;
  attributes: Record<string, unknown>;
  model: string;
  serialNumber: string;
  warrantyUntil: string;
  /** '' for none: the provider's own CI, or one at no particular site. */
  organizationId: string;
  siteId: string;
}

export const blank = (classKey = ''): Draft => ({
  key: '',
  classKey,
  name: '',
  lifecycleState: 'operational',
  attributes: {},
  model: '',
  serialNumber: '',
  warrantyUntil: '',
  organizationId: '',
  siteId: '',
});

/** A CI as the form edits it; its attributes are kept apart, in the attribute fields' own model. */
export const draftOf = (ci: ConfigurationItem): Draft => ({
  key: ci.key,
  classKey: ci.classKey,
  name: ci.name,
  lifecycleState: ci.lifecycleState,
  attributes: {},
  model: ci.model ?? '',
  serialNumber: ci.serialNumber ?? '',
  warrantyUntil: ci.warrantyUntil ?? '',
  organizationId: ci.organizationId ?? '',
  siteId: ci.siteId ?? '',
});
