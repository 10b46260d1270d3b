import { Migration } from '@mikro-orm/migrations';

/** The mails the desk sends out of the box; process owners edit them later (PUT /mail-templates/{key}). */
const DEFAULT_TEMPLATES: Array<{ key: string; subject: string; body: string }> = [
  {
    key: 'ticket.received',
    subject: '[{{ticket.number}}] We have received your request: {{ticket.title}}',
    body: 'Hello,\n\nyour request is registered as {{ticket.number}}. Reply to this mail to add information, or follow it at {{ticket.url}}.\n\nService desk',
  },
  {
    key: 'ticket.reply',
    subject: 'Re: [{{ticket.number}}] {{ticket.title}}',
    body: '{{reply.body}}\n\n-- \n{{agent.displayName}}, service desk\nReply to this mail to answer, or see {{ticket.number}} at {{ticket.url}}.',
  },
  {
    key: 'ticket.resolved',
    subject: '[{{ticket.number}}] Resolved: {{ticket.title}}',
    body:
      'Hello {{caller.firstName}},\n\nwe believe {{ticket.number}} "{{ticket.title}}" is resolved. Please tell us with one click:\n\n' +
      'It works: {{confirmUrl}}\nIt still does not work: {{reopenUrl}}\n\nIf we do not hear from you, the ticket closes by itself in a few days.\n\nService desk',
  },
  {
    key: 'ticket.closed',
    subject: '[{{ticket.number}}] Closed: {{ticket.title}}',
    body: 'Hello {{caller.firstName}},\n\n{{ticket.number}} "{{ticket.title}}" is now closed.\n\nOne question: how satisfied are you with how we handled it? Answer with one click: {{surveyUrl}}\n\nService desk',
  },
  {
    key: 'sla.warning',
    subject: '[{{ticket.number}}] SLA warning ({{ticket.priority}}): {{ticket.title}}',
    body: '{{ticket.number}} "{{ticket.title}}" ({{ticket.priority}}, group {{ticket.assignmentGroup}}, assignee {{assignee.displayName}}) is close to its resolution deadline {{vars.resolutionDueAt}}.\n\n{{ticket.url}}',
  },
  {
    key: 'sla.breached',
    subject: '[{{ticket.number}}] SLA breached ({{ticket.priority}}): {{ticket.title}}',
    body: '{{ticket.number}} "{{ticket.title}}" ({{ticket.priority}}, group {{ticket.assignmentGroup}}, assignee {{assignee.displayName}}) has missed its resolution deadline {{vars.resolutionDueAt}}.\n\n{{ticket.url}}',
  },
  {
    key: 'incident.major',
    subject: '[{{ticket.number}}] Major incident: {{ticket.title}}',
    body:
      'A major incident was raised.\n\n{{ticket.number}}: {{ticket.title}}\nPriority: {{ticket.priority}}\nService: {{ticket.service}}\nCaller: {{caller.displayName}}\nGroup: {{ticket.assignmentGroup}}\n\n' +
      '{{ticket.description}}\n\n{{ticket.url}}',
  },
];

// standard_conforming_strings is on (PostgreSQL's default since 9.1): only quotes need doubling.
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20261123213825_notifications extends Migration {
  override name = 'Migration20261123213825_notifications';

  override up(): void {
    this.addSql(`create table ticket_attachment (
      id uuid primary key,
      ticket_id uuid not null references ticket (id),
      entry_id uuid null references ticket_entry (id),
      filename varchar(255) not null,
      content_type varchar(127) not null,
      size bigint not null,
      sha256 char(64) not null,
      storage_key varchar(255) not null,
      uploaded_by_id uuid null,
      uploaded_by_name varchar(255) not null,
      organization_id uuid null,
      created_at timestamptz not null
    )`);
    this.addSql('create index ticket_attachment_ticket_id_index on ticket_attachment (ticket_id, created_at)');
    this.addSql('create index ticket_attachment_organization_id_index on ticket_attachment (organization_id)');
    this.addSql('create index ticket_attachment_storage_key_index on ticket_attachment (storage_key)');
    this.addSql(`create table canned_response (
      id uuid primary key,
      title varchar(200) not null,
      body text not null,
      group_key varchar(63) null,
      category varchar(120) null,
      created_by_id uuid null,
      created_by_name varchar(255) not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`);
    this.addSql('create index canned_response_group_key_index on canned_response (group_key)');
    this.addSql(`create table mail_template (
      key varchar(100) primary key,
      subject varchar(500) not null,
      body text not null,
      updated_at timestamptz not null,
      updated_by varchar(255) not null
    )`);
    // Idempotent: a template someone already created under a default key keeps its text.
    for (const t of DEFAULT_TEMPLATES) {
      this.addSql(
        `insert into mail_template (key, subject, body, updated_at, updated_by) values (${literal(t.key)}, ${literal(t.subject)}, ${literal(t.body)}, now(), 'system:defaults') on conflict (key) do nothing`,
      );
    }
  }

  override down(): void {
    this.addSql('drop table mail_template');
    this.addSql('drop table canned_response');
    this.addSql('drop table ticket_attachment');
  }
}
