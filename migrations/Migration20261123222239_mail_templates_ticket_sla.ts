import { Migration } from '@mikro-orm/migrations';

/**
 * Tickets now carry their SLA deadlines and resolution, so the default mails use them instead of a
 * process variable (`{{vars.resolutionDueAt}}`), and the resolved mail says what was done. Only
 * templates nobody has edited since they were seeded change.
 */
const CHANGES: Array<{ key: string; from: string; to: string }> = [
  {
    key: 'sla.warning',
    from: 'is close to its resolution deadline {{vars.resolutionDueAt}}.',
    to: 'is close to its resolution deadline {{ticket.resolutionDueAt}}.',
  },
  {
    key: 'sla.breached',
    from: 'has missed its resolution deadline {{vars.resolutionDueAt}}.',
    to: 'has missed its resolution deadline {{ticket.resolutionDueAt}}.',
  },
  {
    key: 'ticket.resolved',
    from: 'is resolved. Please tell us with one click:',
    to: 'is resolved.\n\nWhat we did: {{ticket.resolutionNotes}}\n\nPlease tell us with one click:',
  },
];

// standard_conforming_strings is on (PostgreSQL's default since 9.1): only quotes need doubling.
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Migration20261123222239_mail_templates_ticket_sla extends Migration {
  override name = 'Migration20261123222239_mail_templates_ticket_sla';

  override up(): void {
    for (const c of CHANGES) {
      this.addSql(
        `update mail_template set body = replace(body, ${literal(c.from)}, ${literal(c.to)}), updated_at = now() where key = ${literal(c.key)} and updated_by = 'system:defaults'`,
      );
    }
  }

  override down(): void {
    for (const c of CHANGES) {
      this.addSql(
        `update mail_template set body = replace(body, ${literal(c.to)}, ${literal(c.from)}), updated_at = now() where key = ${literal(c.key)} and updated_by = 'system:defaults'`,
      );
    }
  }
}
