import { Migration } from '@mikro-orm/migrations';

/**
 * One-click CSAT after resolution (issue 20):
 * - A survey answer starts with the score the caller clicked in the mail and stays open for the
 *   optional NPS, CES and comment, which amend the same row; `completed_at` says it is finished,
 *   after which its links are refused. Answers given before are complete.
 * - The stamp of the answer onto its ticket (the KPI view reads the ticket) follows amendments too:
 *   NPS and CES when added, the score when the caller clicks another one before completing.
 * - The survey goes out with the resolution mail, where the caller is already asked whether it
 *   works; the closing mail stops asking, or a caller would be surveyed twice for one resolution.
 *   Only templates nobody has edited since they were seeded change.
 */
const CHANGES: Array<{ key: string; from: string; to: string }> = [
  {
    key: 'ticket.resolved',
    from: 'It still does not work: {{reopenUrl}}\n\n',
    to: 'It still does not work: {{reopenUrl}}\n\nHow satisfied are you with how we handled it? One click answers:\n{{surveyScoreLinks}}\n\n',
  },
  {
    key: 'ticket.closed',
    from: '\n\nOne question: how satisfied are you with how we handled it? Answer with one click: {{surveyUrl}}',
    to: '',
  },
];

// standard_conforming_strings is on (PostgreSQL's default since 9.1): only quotes need doubling.
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const STAMP_BEFORE = `create or replace function survey_answer_stamp() returns trigger language plpgsql
  set flowdesk.tenant_bypass = 'survey answer stamps its own ticket' as $$
  begin
    update ticket set survey_nps = coalesce(new.nps, survey_nps), survey_ces = coalesce(new.ces, survey_ces),
           satisfaction = coalesce(satisfaction, new.csat), satisfaction_at = coalesce(satisfaction_at, new.answered_at)
     where id = new.ticket_id;
    return new;
  end $$`;

export class Migration20270202000000_one_click_surveys extends Migration {
  override name = 'Migration20270202000000_one_click_surveys';

  override up(): void {
    this.addSql('alter table survey_answer add column completed_at timestamptz null');
    this.addSql(`select set_config('flowdesk.tenant_bypass', 'migration: earlier survey answers are complete', true)`);
    this.addSql('update survey_answer set completed_at = answered_at');
    // The ticket keeps its first survey's score; a changed click of that same survey replaces it.
    this.addSql(`create or replace function survey_answer_stamp() returns trigger language plpgsql
      set flowdesk.tenant_bypass = 'survey answer stamps its own ticket' as $$
      begin
        update ticket set survey_nps = coalesce(new.nps, survey_nps), survey_ces = coalesce(new.ces, survey_ces),
               satisfaction = case when tg_op = 'UPDATE' and satisfaction_at = old.answered_at then new.csat
                                   else coalesce(satisfaction, new.csat) end,
               satisfaction_at = coalesce(satisfaction_at, new.answered_at)
         where id = new.ticket_id;
        return new;
      end $$`);
    this.addSql('drop trigger survey_answer_stamp on survey_answer');
    this.addSql(
      'create trigger survey_answer_stamp after insert or update of csat, nps, ces on survey_answer for each row execute function survey_answer_stamp()',
    );
    for (const c of CHANGES) {
      this.addSql(
        `update mail_template set body = replace(body, ${literal(c.from)}, ${literal(c.to)}), updated_at = now() where key = ${literal(c.key)} and updated_by = 'system:defaults'`,
      );
    }
  }

  override down(): void {
    for (const c of CHANGES) {
      if (c.to === '') continue;
      this.addSql(
        `update mail_template set body = replace(body, ${literal(c.to)}, ${literal(c.from)}), updated_at = now() where key = ${literal(c.key)} and updated_by = 'system:defaults'`,
      );
    }
    this.addSql(
      `update mail_template set body = replace(body, ${literal('" is now closed.')}, ${literal(`" is now closed.${CHANGES[1]!.from}`)}), updated_at = now() where key = 'ticket.closed' and updated_by = 'system:defaults' and body not like '%{{surveyUrl}}%'`,
    );
    this.addSql('drop trigger survey_answer_stamp on survey_answer');
    this.addSql('create trigger survey_answer_stamp after insert on survey_answer for each row execute function survey_answer_stamp()');
    this.addSql(STAMP_BEFORE);
    this.addSql('alter table survey_answer drop column completed_at');
  }
}
