import { Migration } from '@mikro-orm/migrations';

/**
 * The satisfaction survey mail of the processes without a resolution mail of their own (problem,
 * change, service request, work order: their "Send satisfaction survey" task, issue 20). The same
 * one-click score links as the incident's resolution mail (`{{surveyScoreLinks}}`, signed, single-use,
 * expiring); the incident keeps asking in its resolution mail.
 */
const TEMPLATE = {
  key: 'ticket.survey',
  subject: '[{{ticket.number}}] How did we do? {{ticket.title}}',
  body:
    'Hello {{caller.firstName}},\n\n{{ticket.number}} "{{ticket.title}}" is done. How satisfied are you with how we handled it? ' +
    'One click answers:\n{{surveyScoreLinks}}\n\nService desk',
};

// standard_conforming_strings is on (PostgreSQL's default since 9.1): only quotes need doubling.
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20270305010000_survey_mail extends Migration {
  override name = 'Migration20270305010000_survey_mail';

  override up(): void {
    this.addSql(
      `insert into mail_template (key, subject, body, updated_at, updated_by) values (${literal(TEMPLATE.key)}, ${literal(TEMPLATE.subject)}, ${literal(TEMPLATE.body)}, now(), 'system:defaults') on conflict (key) do nothing`,
    );
  }

  override down(): void {
    this.addSql(`delete from mail_template where key = ${literal(TEMPLATE.key)} and updated_by = 'system:defaults'`);
  }
}
