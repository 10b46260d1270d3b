/**
 * The CI classes and the attributes each may carry, declared as data: one JSON Schema (draft 2020-12
 * subset that ajv checks) per class. A class's schema is closed (`additionalProperties: false`), so an
 * attribute nobody declared is refused by name rather than stored unnoticed; adding an attribute is a
 * change of this table, not of code. `asset` marks the classes a technician visits, which may carry
 * the asset fields (model, serial number, site, warranty, contract, maintenance schedule).
 */
export interface CiClass {
  key: string;
  name: string;
  asset: boolean;
  attributes: Record<string, unknown>;
}

const text = (maxLength = 200) => ({ type: 'string', maxLength });
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const IP_V4 = '^((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)$';

export const CI_CLASSES: readonly CiClass[] = [
  {
    key: 'business_service',
    name: 'Business service',
    asset: false,
    attributes: closed({
      criticality: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
      serviceHours: text(100),
      description: text(2000),
    }),
  },
  {
    key: 'application',
    name: 'Application',
    asset: false,
    attributes: closed({
      vendor: text(),
      version: text(50),
      url: { type: 'string', maxLength: 500, pattern: '^https?://' },
      description: text(2000),
    }),
  },
  {
    key: 'server',
    name: 'Server',
    asset: true,
    attributes: closed({
      hostname: { type: 'string', maxLength: 253, pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$' },
      ipAddress: { type: 'string', pattern: IP_V4 },
      os: text(100),
      cpuCores: { type: 'integer', minimum: 1, maximum: 4096 },
      ramGb: { type: 'number', minimum: 0, maximum: 1_000_000 },
      virtual: { type: 'boolean' },
    }),
  },
  {
    key: 'database',
    name: 'Database',
    asset: false,
    attributes: closed({
      engine: { type: 'string', enum: ['postgresql', 'mysql', 'mariadb', 'oracle', 'sqlserver', 'mongodb', 'other'] },
      version: text(50),
      sizeGb: { type: 'number', minimum: 0 },
    }),
  },
  {
    key: 'network_device',
    name: 'Network device',
    asset: true,
    attributes: closed({
      kind: { type: 'string', enum: ['switch', 'router', 'firewall', 'access_point', 'load_balancer', 'other'] },
      ipAddress: { type: 'string', pattern: IP_V4 },
      ports: { type: 'integer', minimum: 0, maximum: 10_000 },
      firmware: text(100),
    }),
  },
  {
    key: 'workstation',
    name: 'Workstation',
    asset: true,
    attributes: closed({
      kind: { type: 'string', enum: ['desktop', 'laptop', 'thin_client'] },
      os: text(100),
      assignedTo: text(),
    }),
  },
  {
    key: 'printer',
    name: 'Printer',
    asset: true,
    attributes: closed({ color: { type: 'boolean' }, ipAddress: { type: 'string', pattern: IP_V4 } }),
  },
  {
    key: 'location',
    name: 'Location',
    asset: false,
    attributes: closed({ address: text(500), floor: text(50), room: text(50) }),
  },
];

export const CI_CLASS_KEYS = CI_CLASSES.map((c) => c.key);

export function ciClass(key: string): CiClass | undefined {
  return CI_CLASSES.find((c) => c.key === key);
}
