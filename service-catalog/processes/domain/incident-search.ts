import type { EntityManager } from '@mikro-orm/postgresql';
import type { Incident } from '../../../workflows/client';
import { tenantOfOrganization } from '../../identity/domain/camunda-tenant';
import { ItemConditions, pageOfItems, type ItemFilter } from './instance-item-query';
import { elementInstanceRef, type ElementInstanceRef } from './user-task-id';

/** Camunda's incident states that Flowdesk's incidents are found in. */
export const INCIDENT_STATES = ['ACTIVE', 'RESOLVED'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** What an incident may be searched by (Camunda 8's incident filter, equality only but for the states). */
export interface IncidentFilter extends ItemFilter {
  /** One incident: its instance and key (`<process instance id>.<incident key>`). */
  incidentKey?: ElementInstanceRef;
  elementId?: string;
  errorType?: string;
}

export type IncidentSortField = 'creationTime' | 'errorType' | 'elementId' | 'state';

/** Flowdesk's incident types by Camunda's names for them (`errorType`). */
const ERROR_TYPES: Record<Incident['type'], string> = {
  JOB_FAILED: 'JOB_NO_RETRIES',
  CONDITION_ERROR: 'CONDITION_ERROR',
  EXPRESSION_ERROR: 'EXTRACT_VALUE_ERROR',
  IO_MAPPING_ERROR: 'IO_MAPPING_ERROR',
  UNHANDLED_ERROR_EVENT: 'UNHANDLED_ERROR_EVENT',
  CALLED_PROCESS_FAILED: 'CALLED_ELEMENT_ERROR',
  EXTRACT_VALUE_ERROR: 'EXTRACT_VALUE_ERROR',
  DECISION_EVALUATION_ERROR: 'DECISION_EVALUATION_ERROR',
  EXECUTION_LISTENER_NO_RETRIES: 'EXECUTION_LISTENER_NO_RETRIES',
  TASK_LISTENER_NO_RETRIES: 'TASK_LISTENER_NO_RETRIES',
  FORM_NOT_FOUND: 'FORM_NOT_FOUND',
  // Camunda has no loop budget; its nearest name for an element that cannot go on.
  RUNAWAY_LOOP: 'UNKNOWN',
};

/** Every `errorType` Camunda names; those Flowdesk never raises find none. */
export const CAMUNDA_ERROR_TYPES = [
  'UNSPECIFIED',
  'UNKNOWN',
  'IO_MAPPING_ERROR',
  'JOB_NO_RETRIES',
  'EXECUTION_LISTENER_NO_RETRIES',
  'TASK_LISTENER_NO_RETRIES',
  'AD_HOC_SUB_PROCESS_NO_RETRIES',
  'CONDITION_ERROR',
  'EXTRACT_VALUE_ERROR',
  'CALLED_ELEMENT_ERROR',
  'UNHANDLED_ERROR_EVENT',
  'MESSAGE_SIZE_EXCEEDED',
  'CALLED_DECISION_ERROR',
  'DECISION_EVALUATION_ERROR',
  'FORM_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
];

/** One incident in Camunda 8's `IncidentResult` shape; keys are Flowdesk's ids. */
export interface FoundIncident {
  incidentKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  rootProcessInstanceKey: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  creationTime: string;
  state: IncidentState;
  tenantId: string;
  jobKey: null;
}

/**
 * The incidents the projections still show. An instance that ended (completed around it, cancelled) left
 * its open incidents behind unresolved; as in Camunda, where ending an instance resolves them, they count as resolved.
 */
const SHOWN = `select p.instance_id, x.incident, case when p.status = 'active' then 'ACTIVE' else 'RESOLVED' end as state
         from process_instance_projection p cross join lateral jsonb_array_elements(p.incidents) as x(incident)`;
const RESOLVED = `select h.instance_id, h.incident, 'RESOLVED'::text as state from incident_history h`;

const SORT_SQL: Record<IncidentSortField, string> = {
  creationTime: `(x.incident->>'createdAt')::bigint`,
  errorType: `x.incident->>'type'`,
  elementId: `x.incident->>'elementId'`,
  state: 'x.state',
};

/**
 * Incidents across the instances the caller may see: open ones from the projections the workflows keep,
 * resolved ones from their history (incident_history, written by the same projections). The tenant's
 * row-level security applies through the instance table.
 */
export class IncidentSearch {
  constructor(private readonly em: EntityManager) {}

  async search(
    filter: IncidentFilter,
    page: { from: number; limit: number },
    sort: { field: IncidentSortField; order: 'ASC' | 'DESC' },
  ): Promise<{ items: FoundIncident[]; totalItems: number }> {
    const states = INCIDENT_STATES.filter((state) => !filter.states || filter.states.includes(state));
    const types = filter.errorType === undefined ? null : typesNamed(filter.errorType);
    if (!states.length || types?.length === 0) return { items: [], totalItems: 0 };
    const sources = [SHOWN, ...(states.includes('RESOLVED') ? [RESOLVED] : [])];
    const where = new ItemConditions().item(filter.incidentKey, `(x.incident->>'key')::int`).instance(filter);
    if (states.length < INCIDENT_STATES.length) where.add('x.state = ?', states[0]);
    if (filter.elementId) where.add(`x.incident->>'elementId' = ?`, filter.elementId);
    if (types) where.add(`x.incident->>'type' = any(?::text[])`, `{${types.join(',')}}`);
    const { rows, total } = await pageOfItems<IncidentRow>(
      this.em,
      {
        columns: 'i.id, i.process_id, i.definition_id, i.organization_id, x.incident, x.state',
        from: `from (${sources.join(' union all ')}) as x join process_instance i on i.id = x.instance_id`,
        where,
        orderBy: `${SORT_SQL[sort.field]} ${sort.order === 'DESC' ? 'desc' : 'asc'}, i.id, (x.incident->>'key')::int`,
      },
      page,
    );
    return { items: rows.map(present), totalItems: total };
  }
}

/** Flowdesk's incident types that Camunda's `errorType` names. */
function typesNamed(errorType: string): string[] {
  return Object.entries(ERROR_TYPES)
    .filter(([, camunda]) => camunda === errorType)
    .map(([type]) => type);
}

interface IncidentRow {
  id: string;
  process_id: string;
  definition_id: string;
  organization_id: string | null;
  incident: Incident;
  state: IncidentState;
}

function present(r: IncidentRow): FoundIncident {
  const x = r.incident;
  return {
    incidentKey: elementInstanceRef(r.id, x.key),
    processDefinitionId: r.process_id,
    processDefinitionKey: r.definition_id,
    processInstanceKey: r.id,
    // a called process runs inside its caller's instance: the instance is its own root
    rootProcessInstanceKey: r.id,
    errorType: ERROR_TYPES[x.type] ?? 'UNKNOWN',
    errorMessage: x.message,
    elementId: x.elementId,
    elementInstanceKey: elementInstanceRef(r.id, x.elementInstanceKey),
    creationTime: new Date(x.createdAt).toISOString(),
    state: r.state,
    tenantId: tenantOfOrganization(r.organization_id),
    jobKey: null,
  };
}
