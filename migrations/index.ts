import { Migration20261123000000_process_definitions } from './Migration20261123000000_process_definitions';
import { Migration20261123010000_decision_definitions } from './Migration20261123010000_decision_definitions';
import { Migration20261201000000_identity } from './Migration20261201000000_identity';
import { Migration20261202000000_tickets } from './Migration20261202000000_tickets';
import { Migration20261202010000_sla } from './Migration20261202010000_sla';
import { Migration20261202020000_mail } from './Migration20261202020000_mail';
import { Migration20261210000000_process_studio } from './Migration20261210000000_process_studio';
import { Migration20261211000000_buffered_message_scope } from './Migration20261211000000_buffered_message_scope';
import { Migration20261213000000_ticket_satisfaction } from './Migration20261213000000_ticket_satisfaction';
import { Migration20261214000000_session_revocation } from './Migration20261214000000_session_revocation';
import { Migration20261215000000_instance_termination } from './Migration20261215000000_instance_termination';
import { Migration20261216000000_desk_callers_and_task_queues } from './Migration20261216000000_desk_callers_and_task_queues';
import { Migration20261217000000_row_level_security } from './Migration20261217000000_row_level_security';
import { Migration20261218000000_row_level_security_configuration } from './Migration20261218000000_row_level_security_configuration';
import { Migration20261220000000_known_errors } from './Migration20261220000000_known_errors';
import { Migration20261220010000_incident_escalation } from './Migration20261220010000_incident_escalation';
import { Migration20261220020000_on_call } from './Migration20261220020000_on_call';
import { Migration20261220030000_group_ola } from './Migration20261220030000_group_ola';
import { Migration20261212000000_ticket_sla_and_links } from './Migration20261212000000_ticket_sla_and_links';
import { Migration20261205000000_event_subscriptions } from './Migration20261205000000_event_subscriptions';
import { Migration20261225000000_cmdb_scoped_walk } from './Migration20261225000000_cmdb_scoped_walk';
import { Migration20261228000000_ticket_kpis } from './Migration20261228000000_ticket_kpis';
import { Migration20261231000000_field_service_catalogue } from './Migration20261231000000_field_service_catalogue';
import { Migration20270101000000_approval_replies_and_leads } from './Migration20270101000000_approval_replies_and_leads';
import { Migration20261230000000_kpi_surveys_and_pauses } from './Migration20261230000000_kpi_surveys_and_pauses';
import { Migration20261230010000_kb_search_candidates } from './Migration20261230010000_kb_search_candidates';
import { Migration20270106000000_webhooks } from './Migration20270106000000_webhooks';
import { Migration20270106010000_migration_batches } from './Migration20270106010000_migration_batches';
import { Migration20270201000000_what_if_runs } from './Migration20270201000000_what_if_runs';
import { Migration20270202000000_one_click_surveys } from './Migration20270202000000_one_click_surveys';
import { Migration20270203000000_shared_rate_limits } from './Migration20270203000000_shared_rate_limits';
import { Migration20270203010000_unconfirmed_process_starts } from './Migration20270203010000_unconfirmed_process_starts';
import { Migration20270210000000_live_ticket_events } from './Migration20270210000000_live_ticket_events';
import { Migration20270304000000_user_time_zone } from './Migration20270304000000_user_time_zone';
import { Migration20270307000000_live_chat } from './Migration20270307000000_live_chat';
import { Migration20270316000000_messaging_bridge } from './Migration20270316000000_messaging_bridge';
import { Migration20270403000000_work_type_defaults } from './Migration20270403000000_work_type_defaults';
import { Migration20270404000000_messaging_secret_rotation } from './Migration20270404000000_messaging_secret_rotation';
import { Migration20270406000000_work_order_assets_index } from './Migration20270406000000_work_order_assets_index';
import { Migration20270503000000_backlog_and_deflection_daily } from './Migration20270503000000_backlog_and_deflection_daily';
import { Migration20270510000000_backlog_span_covering_index } from './Migration20270510000000_backlog_span_covering_index';
import { Migration20270510000001_backlog_open_monthly } from './Migration20270510000001_backlog_open_monthly';
import { Migration20270520000000_routing_group_lock } from './Migration20270520000000_routing_group_lock';
import { Migration20270601000000_expect_row } from './Migration20270601000000_expect_row';
import { Migration20270610000000_channel_switches } from './Migration20270610000000_channel_switches';
import { Migration20270620000000_published_message_ids } from './Migration20270620000000_published_message_ids';
import { Migration20270621000000_user_task_history } from './Migration20270621000000_user_task_history';
import { Migration20270622000000_incident_history } from './Migration20270622000000_incident_history';
import { Migration20270623000000_process_version_tags } from './Migration20270623000000_process_version_tags';
import { Migration20270624000000_decision_version_tags } from './Migration20270624000000_decision_version_tags';
import { Migration20270625000000_camunda_keys } from './Migration20270625000000_camunda_keys';
import { Migration20270626000000_decision_requirements } from './Migration20270626000000_decision_requirements';
import { Migration20270420000000_dispatch_open_jobs_index } from './Migration20270420000000_dispatch_open_jobs_index';
import { Migration20270305000000_ticket_kpi_daily } from './Migration20270305000000_ticket_kpi_daily';
import { Migration20270305010000_survey_mail } from './Migration20270305010000_survey_mail';
import { Migration20270306000000_form_definitions } from './Migration20270306000000_form_definitions';
import { Migration20261222000000_services_and_catalog } from './Migration20261222000000_services_and_catalog';
import { Migration20261223000000_identity_row_level_security } from './Migration20261223000000_identity_row_level_security';
import { Migration20261224000000_user_manager } from './Migration20261224000000_user_manager';
import { Migration20261224010000_approval_mail } from './Migration20261224010000_approval_mail';
import { Migration20261227000000_knowledge_and_surveys } from './Migration20261227000000_knowledge_and_surveys';
import { Migration20261123215151_routing } from './Migration20261123215151_routing';
import { Migration20261123213825_notifications } from './Migration20261123213825_notifications';
import { Migration20261219000000_approvals_and_changes } from './Migration20261219000000_approvals_and_changes';
import { Migration20261123222239_mail_templates_ticket_sla } from './Migration20261123222239_mail_templates_ticket_sla';
import { Migration20261221000000_cmdb } from './Migration20261221000000_cmdb';
import { Migration20261226000000_field_service } from './Migration20261226000000_field_service';
import { Migration20261229000000_bookkeeping_row_level_security } from './Migration20261229000000_bookkeeping_row_level_security';
import { Migration20261229010000_own_tokens } from './Migration20261229010000_own_tokens';
import { Migration20270408000000_kb_search_title_rank } from './Migration20270408000000_kb_search_title_rank';

/**
 * Every migration in order. Listed explicitly rather than globbed, so the compiled and the ts-jest
 * runs see the same set. Append only; never edit a released migration.
 */
export const migrationsList = [
  { name: 'Migration20261123000000_process_definitions', class: Migration20261123000000_process_definitions },
  { name: 'Migration20261123010000_decision_definitions', class: Migration20261123010000_decision_definitions },
  { name: 'Migration20261201000000_identity', class: Migration20261201000000_identity },
  { name: 'Migration20261202000000_tickets', class: Migration20261202000000_tickets },
  { name: 'Migration20261202010000_sla', class: Migration20261202010000_sla },
  { name: 'Migration20261202020000_mail', class: Migration20261202020000_mail },
  { name: 'Migration20261205000000_event_subscriptions', class: Migration20261205000000_event_subscriptions },
  { name: 'Migration20261210000000_process_studio', class: Migration20261210000000_process_studio },
  { name: 'Migration20261211000000_buffered_message_scope', class: Migration20261211000000_buffered_message_scope },
  { name: 'Migration20261212000000_ticket_sla_and_links', class: Migration20261212000000_ticket_sla_and_links },
  { name: 'Migration20261123215151_routing', class: Migration20261123215151_routing },
  { name: 'Migration20261123213825_notifications', class: Migration20261123213825_notifications },
  { name: 'Migration20261123222239_mail_templates_ticket_sla', class: Migration20261123222239_mail_templates_ticket_sla },
  { name: 'Migration20261213000000_ticket_satisfaction', class: Migration20261213000000_ticket_satisfaction },
  { name: 'Migration20261214000000_session_revocation', class: Migration20261214000000_session_revocation },
  { name: 'Migration20261215000000_instance_termination', class: Migration20261215000000_instance_termination },
  { name: 'Migration20261216000000_desk_callers_and_task_queues', class: Migration20261216000000_desk_callers_and_task_queues },
  { name: 'Migration20261217000000_row_level_security', class: Migration20261217000000_row_level_security },
  {
    name: 'Migration20261218000000_row_level_security_configuration',
    class: Migration20261218000000_row_level_security_configuration,
  },
  { name: 'Migration20261219000000_approvals_and_changes', class: Migration20261219000000_approvals_and_changes },
  { name: 'Migration20261220000000_known_errors', class: Migration20261220000000_known_errors },
  { name: 'Migration20261220010000_incident_escalation', class: Migration20261220010000_incident_escalation },
  { name: 'Migration20261220020000_on_call', class: Migration20261220020000_on_call },
  { name: 'Migration20261220030000_group_ola', class: Migration20261220030000_group_ola },
  { name: 'Migration20261221000000_cmdb', class: Migration20261221000000_cmdb },
  { name: 'Migration20261222000000_services_and_catalog', class: Migration20261222000000_services_and_catalog },
  {
    name: 'Migration20261223000000_identity_row_level_security',
    class: Migration20261223000000_identity_row_level_security,
  },
  { name: 'Migration20261224000000_user_manager', class: Migration20261224000000_user_manager },
  { name: 'Migration20261224010000_approval_mail', class: Migration20261224010000_approval_mail },
  { name: 'Migration20261225000000_cmdb_scoped_walk', class: Migration20261225000000_cmdb_scoped_walk },
  { name: 'Migration20261226000000_field_service', class: Migration20261226000000_field_service },
  { name: 'Migration20261227000000_knowledge_and_surveys', class: Migration20261227000000_knowledge_and_surveys },
  { name: 'Migration20261228000000_ticket_kpis', class: Migration20261228000000_ticket_kpis },
  {
    name: 'Migration20261229000000_bookkeeping_row_level_security',
    class: Migration20261229000000_bookkeeping_row_level_security,
  },
  { name: 'Migration20261229010000_own_tokens', class: Migration20261229010000_own_tokens },
  { name: 'Migration20261230000000_kpi_surveys_and_pauses', class: Migration20261230000000_kpi_surveys_and_pauses },
  { name: 'Migration20261230010000_kb_search_candidates', class: Migration20261230010000_kb_search_candidates },
  { name: 'Migration20261231000000_field_service_catalogue', class: Migration20261231000000_field_service_catalogue },
  { name: 'Migration20270101000000_approval_replies_and_leads', class: Migration20270101000000_approval_replies_and_leads },
  { name: 'Migration20270106000000_webhooks', class: Migration20270106000000_webhooks },
  { name: 'Migration20270106010000_migration_batches', class: Migration20270106010000_migration_batches },
  { name: 'Migration20270201000000_what_if_runs', class: Migration20270201000000_what_if_runs },
  { name: 'Migration20270202000000_one_click_surveys', class: Migration20270202000000_one_click_surveys },
  { name: 'Migration20270203000000_shared_rate_limits', class: Migration20270203000000_shared_rate_limits },
  {
    name: 'Migration20270203010000_unconfirmed_process_starts',
    class: Migration20270203010000_unconfirmed_process_starts,
  },
  { name: 'Migration20270210000000_live_ticket_events', class: Migration20270210000000_live_ticket_events },
  { name: 'Migration20270304000000_user_time_zone', class: Migration20270304000000_user_time_zone },
  { name: 'Migration20270305000000_ticket_kpi_daily', class: Migration20270305000000_ticket_kpi_daily },
  { name: 'Migration20270305010000_survey_mail', class: Migration20270305010000_survey_mail },
  { name: 'Migration20270306000000_form_definitions', class: Migration20270306000000_form_definitions },
  { name: 'Migration20270307000000_live_chat', class: Migration20270307000000_live_chat },
  { name: 'Migration20270316000000_messaging_bridge', class: Migration20270316000000_messaging_bridge },
  { name: 'Migration20270403000000_work_type_defaults', class: Migration20270403000000_work_type_defaults },
  { name: 'Migration20270404000000_messaging_secret_rotation', class: Migration20270404000000_messaging_secret_rotation },
  { name: 'Migration20270406000000_work_order_assets_index', class: Migration20270406000000_work_order_assets_index },
  { name: 'Migration20270408000000_kb_search_title_rank', class: Migration20270408000000_kb_search_title_rank },
  { name: 'Migration20270420000000_dispatch_open_jobs_index', class: Migration20270420000000_dispatch_open_jobs_index },
  { name: 'Migration20270503000000_backlog_and_deflection_daily', class: Migration20270503000000_backlog_and_deflection_daily },
  { name: 'Migration20270510000000_backlog_span_covering_index', class: Migration20270510000000_backlog_span_covering_index },
  { name: 'Migration20270510000001_backlog_open_monthly', class: Migration20270510000001_backlog_open_monthly },
  { name: 'Migration20270520000000_routing_group_lock', class: Migration20270520000000_routing_group_lock },
  { name: 'Migration20270601000000_expect_row', class: Migration20270601000000_expect_row },
  { name: 'Migration20270610000000_channel_switches', class: Migration20270610000000_channel_switches },
  { name: 'Migration20270620000000_published_message_ids', class: Migration20270620000000_published_message_ids },
  { name: 'Migration20270621000000_user_task_history', class: Migration20270621000000_user_task_history },
  { name: 'Migration20270622000000_incident_history', class: Migration20270622000000_incident_history },
  { name: 'Migration20270623000000_process_version_tags', class: Migration20270623000000_process_version_tags },
  { name: 'Migration20270624000000_decision_version_tags', class: Migration20270624000000_decision_version_tags },
  { name: 'Migration20270625000000_camunda_keys', class: Migration20270625000000_camunda_keys },
  { name: 'Migration20270626000000_decision_requirements', class: Migration20270626000000_decision_requirements },
];
