import { Migration } from '@mikro-orm/migrations';

/**
 * Approval by mail (issue 17): every approval is mailed to its approver (or each member of its group)
 * once, with signed approve and reject links that decide it without signing in. `mailed_at` is when
 * that mail went out; approvals pending before this release count as mailed, so an upgrade does not
 * send a burst of old requests. The mail's text is a template process owners can edit.
 */
const TEMPLATE = {
  key: 'approval.requested',
  subject: '[{{ticket.number}}] Your approval is requested: {{ticket.title}}',
  body:
    'Hello {{recipient.firstName}},\n\n{{vars.taskName}} for {{ticket.number}} "{{ticket.title}}" waits for your decision.\n\n' +
    'Approve: {{vars.approveUrl}}\nReject: {{vars.rejectUrl}}\n\n' +
    'Each link asks you to confirm, works once, and only until {{vars.expiresAt}}. You can also decide in your approvals in Flowdesk.\n',
};

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20261224010000_approval_mail extends Migration {
  override name = 'Migration20261224010000_approval_mail';

  override up(): void {
    this.addSql('alter table approval add column mailed_at timestamptz null');
    this.addSql(`update approval set mailed_at = now() where state = 'pending'`);
    this.addSql(
      `insert into mail_template (key, subject, body, updated_at, updated_by) values (${literal(TEMPLATE.key)}, ${literal(TEMPLATE.subject)}, ${literal(TEMPLATE.body)}, now(), 'system:defaults') on conflict (key) do nothing`,
    );
  }

  override down(): void {
    this.addSql(`delete from mail_template where key = 'approval.requested' and updated_by = 'system:defaults'`);
    this.addSql('alter table approval drop column mailed_at');
  }
}
