import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 17, the rest of approvals and escalation:
 * - a group's lead (`assignment_group.lead_id`), whom an escalation level `group-lead` mails;
 * - the mails an approval sends besides the request: to the new holder after a delegation, and the
 *   repeating reminder, both with links of their own; the request (and both of these) say that a reply
 *   starting with "approve" or "reject" decides too. Templates process owners have edited stay theirs.
 */
const TEMPLATES = [
  {
    key: 'approval.delegated',
    subject: '[{{ticket.number}}] An approval was handed to you: {{ticket.title}}',
    body:
      'Hello {{recipient.firstName}},\n\n{{vars.delegatedFrom}} handed you "{{vars.taskName}}" for {{ticket.number}} "{{ticket.title}}": it waits for your decision.\n\n' +
      'Approve: {{vars.approveUrl}}\nReject: {{vars.rejectUrl}}\n\n' +
      'Or reply to this mail starting with "approve" or "reject" (and why). Each link asks you to confirm, works once, and only until {{vars.expiresAt}}.\n',
  },
  {
    key: 'approval.awaited',
    subject: '[{{ticket.number}}] Your approval is awaited: {{ticket.title}}',
    body:
      'Hello {{recipient.firstName}},\n\n{{vars.taskName}} for {{ticket.number}} "{{ticket.title}}" still waits for your decision.\n\n' +
      'Approve: {{vars.approveUrl}}\nReject: {{vars.rejectUrl}}\n\n' +
      'Or reply to this mail starting with "approve" or "reject" (and why). Each link asks you to confirm, works once, and only until {{vars.expiresAt}}.\n',
  },
];
const REQUESTED_BEFORE =
  'Each link asks you to confirm, works once, and only until {{vars.expiresAt}}. You can also decide in your approvals in Flowdesk.\n';
const REQUESTED_NOW =
  'Or reply to this mail starting with "approve" or "reject" (and why). Each link asks you to confirm, works once, and only until {{vars.expiresAt}}. You can also decide in your approvals in Flowdesk.\n';

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20270101000000_approval_replies_and_leads extends Migration {
  override name = 'Migration20270101000000_approval_replies_and_leads';

  override up(): void {
    this.addSql('alter table assignment_group add column lead_id uuid null references app_user (id) on delete set null');
    for (const t of TEMPLATES)
      this.addSql(
        `insert into mail_template (key, subject, body, updated_at, updated_by) values (${literal(t.key)}, ${literal(t.subject)}, ${literal(t.body)}, now(), 'system:defaults') on conflict (key) do nothing`,
      );
    this.addSql(
      `update mail_template set body = replace(body, ${literal(REQUESTED_BEFORE)}, ${literal(REQUESTED_NOW)}) where key = 'approval.requested' and updated_by = 'system:defaults'`,
    );
  }

  override down(): void {
    this.addSql(
      `update mail_template set body = replace(body, ${literal(REQUESTED_NOW)}, ${literal(REQUESTED_BEFORE)}) where key = 'approval.requested' and updated_by = 'system:defaults'`,
    );
    this.addSql(`delete from mail_template where key in ('approval.delegated', 'approval.awaited') and updated_by = 'system:defaults'`);
    this.addSql('alter table assignment_group drop column lead_id');
  }
}
