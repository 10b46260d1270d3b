import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { PipelinedClient } from './pipelined-client';
import { useOrmTenantFilters } from './tenant';
import { migrationsList } from '../../migrations';
import { TicketAttachment } from '../attachments/domain/ticket-attachment.entity';
import { Approval } from '../approvals/domain/approval.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { BlackoutWindow } from '../changes/domain/blackout-window.entity';
import { CannedResponse } from '../canned-responses/domain/canned-response.entity';
import { cmdbEntities } from '../cmdb/domain/entities';
import { fieldServiceEntities } from '../field-service/domain/entities';
import { AuditLog } from '../audit/audit-log.entity';
import { DecisionDefinition } from '../decisions/domain/decision-definition.entity';
import { DecisionRequirements } from '../decisions/domain/decision-requirements.entity';
import { FormDefinition } from '../processes/domain/form-definition.entity';
import { identityEntities } from '../identity/domain/entities';
import { KnownError } from '../problems/domain/known-error.entity';
import { OnCallOverride, OnCallRota } from '../on-call/domain/on-call.entity';
import { ProcessDefinition } from '../processes/domain/process-definition.entity';
import { ProcessInstance } from '../processes/domain/process-instance.entity';
import { MailMessage } from '../mail/domain/mail-message.entity';
import { RoutingRule } from '../routing/domain/routing-rule.entity';
import { RoutingSettings } from '../routing/domain/routing-settings.entity';
import { MailTemplate } from '../mail/domain/mail-template.entity';
import { ProcessInstanceProjection } from '../processes/domain/process-instance-projection.entity';
import { BusinessCalendarRecord } from '../sla/domain/business-calendar.entity';
import { SlaPolicy } from '../sla/domain/sla-policy.entity';
import { IdempotencyRecord } from '../tickets/domain/idempotency-record.entity';
import { TicketEntry } from '../tickets/domain/ticket-entry.entity';
import { TicketLink } from '../tickets/domain/ticket-link.entity';
import { Ticket } from '../tickets/domain/ticket.entity';
import { Service } from '../services/domain/service.entity';
import { CatalogCategory, CatalogItem, CatalogRequest } from '../catalog/domain/catalog.entities';
import { webhookEntities } from '../webhooks/domain/webhook.entities';
import { chatEntities } from '../chat/domain/chat.entities';
import { messagingEntities } from '../chat/domain/messaging.entities';
import { MigrationBatch, MigrationItem } from '../processes/domain/migration-batch.entities';
import { WhatIfItem, WhatIfRun } from '../processes/domain/what-if.entities';

export const entities = [
  ProcessDefinition,
  ProcessInstance,
  ProcessInstanceProjection,
  DecisionDefinition,
  DecisionRequirements,
  FormDefinition,
  Ticket,
  TicketEntry,
  TicketLink,
  KnownError,
  OnCallRota,
  OnCallOverride,
  IdempotencyRecord,
  BusinessCalendarRecord,
  SlaPolicy,
  MailMessage,
  MailTemplate,
  TicketAttachment,
  CannedResponse,
  RoutingRule,
  RoutingSettings,
  AuditEntry,
  AuditLog,
  Approval,
  BlackoutWindow,
  Service,
  CatalogCategory,
  CatalogItem,
  CatalogRequest,
  ...identityEntities,
  ...cmdbEntities,
  ...fieldServiceEntities,
  ...webhookEntities,
  ...chatEntities,
  ...messagingEntities,
  MigrationBatch,
  MigrationItem,
  WhatIfRun,
  WhatIfItem,
];

export type Orm = MikroORM;

/** One ORM per process. Requests and activity runs each `em.fork()` their own identity map. */
export async function createOrm(opts: {
  databaseUrl: string;
  debug?: boolean;
  poolMax?: number;
  /** How long a caller waits for a pooled connection before failing (config `DATABASE_POOL_WAIT_MS`); unset, for ever. */
  poolWaitMs?: number;
  ormTenantFilters?: boolean;
}): Promise<Orm> {
  if (opts.ormTenantFilters !== undefined) useOrmTenantFilters(opts.ormTenantFilters);
  return MikroORM.init({
    clientUrl: opts.databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, snapshot: false, transactional: true, allOrNothing: true, silent: true },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    // pg's pool applies it to a wait in its queue as to a new connection: "timeout exceeded when trying
    // to connect", which service-catalog/http/dependency-errors.ts reads as the database unavailable.
    driverOptions: {
      // Sends the tenant preamble of each transaction with the query it guards: see pipelined-client.ts.
      Client: PipelinedClient,
      ...(opts.poolWaitMs ? { connectionTimeoutMillis: opts.poolWaitMs } : {}),
    },
    debug: opts.debug ?? false,
  });
}

/** Applies pending migrations; safe to call on every start. */
export async function migrate(orm: Orm): Promise<void> {
  await orm.migrator.up();
}
