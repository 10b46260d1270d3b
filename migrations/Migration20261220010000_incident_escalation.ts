import { Migration } from '@mikro-orm/migrations';

/**
 * Incident escalation: the moment a ticket missed its first-response target (stamped once by the
 * incident process's response timer), the escalation levels of an SLA policy (`[{percent, notify}]`,
 * e.g. 50 % → assignee, 75 % → a group lead, 100 % → the service owner) and the two mails they send.
 */
const TEMPLATES = [
  {
    key: 'sla.response-breached',
    subject: '[{{ticket.number}}] First response overdue ({{ticket.priority}}): {{ticket.title}}',
    body: '{{ticket.number}} "{{ticket.title}}" ({{ticket.priority}}, group {{ticket.assignmentGroup}}, assignee {{assignee.displayName}}) has had no response from the desk by its response deadline {{ticket.responseDueAt}}.\n\n{{ticket.url}}',
  },
  {
    key: 'sla.escalation',
    subject: '[{{ticket.number}}] Escalation level {{vars.escalationLevel}} ({{ticket.priority}}): {{ticket.title}}',
    body: '{{ticket.number}} "{{ticket.title}}" ({{ticket.priority}}, group {{ticket.assignmentGroup}}, assignee {{assignee.displayName}}) has used {{vars.escalationPercent}} % of its resolution time; it is due {{ticket.resolutionDueAt}}.\n\nYou are escalation level {{vars.escalationLevel}} of SLA policy {{ticket.slaPolicy}}.\n\n{{ticket.url}}',
  },
];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20261220010000_incident_escalation extends Migration {
  override name = 'Migration20261220010000_incident_escalation';

  override up(): void {
    this.addSql('alter table ticket add column sla_response_breached_at timestamptz null');
    this.addSql(`alter table sla_policy add column escalations jsonb not null default '[]'`);
    for (const t of TEMPLATES) {
      this.addSql(
        `insert into mail_template (key, subject, body, updated_at, updated_by) values (${literal(t.key)}, ${literal(t.subject)}, ${literal(t.body)}, now(), 'system:defaults') on conflict (key) do nothing`,
      );
    }
  }

  override down(): void {
    this.addSql(
      `delete from mail_template where key in (${TEMPLATES.map((t) => literal(t.key)).join(', ')}) and updated_by = 'system:defaults'`,
    );
    this.addSql('alter table sla_policy drop column escalations');
    this.addSql('alter table ticket drop column sla_response_breached_at');
  }
}
