import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 20: the knowledge base and the satisfaction surveys.
 *
 * `kb_article` is the provider's content offered to customers like a catalog item: no organisation,
 * `visible_organization_ids` naming the customers who may read it (empty: every customer), and
 * `audience = 'internal'` keeps it to the desk. Its `search` column is the published text's vector in
 * the article's own text search configuration (`language regconfig`: `english` or `lithuanian`, both
 * shipped by PostgreSQL's snowball dictionaries), so stemming follows the article's language; a
 * regconfig column keeps `to_tsvector(regconfig, text)` immutable, which a generated column needs.
 *
 * Versions are the article's (dependent rows). Links to tickets and known errors, the view, search and
 * deflection events, and survey answers are a customer's data: tenant-owned with the same policy as
 * Migration20261217000000_row_level_security. `survey_answer` is what the KPIs read (CSAT 1–5,
 * NPS 0–10, CES 1–7 per ticket, organisation, agent and group).
 */
export const KNOWLEDGE_TENANT_TABLES = ['kb_article_link', 'kb_event', 'survey_answer'] as const;
/** Offered to customers by a list (flowdesk_tenant_offered), and to the desk only when internal. */
export const KNOWLEDGE_OFFERED_TABLES = ['kb_article'] as const;

export class Migration20261227000000_knowledge_and_surveys extends Migration {
  override name = 'Migration20261227000000_knowledge_and_surveys';

  override up(): void {
    this.addSql(`create table kb_category (
      id uuid not null primary key,
      name varchar(255) not null unique,
      created_at timestamptz not null
    )`);
    this.addSql(`create table kb_article (
      id uuid not null primary key,
      category_id uuid null references kb_category (id) on delete set null,
      audience varchar(16) not null check (audience in ('internal', 'public')),
      language regconfig not null check (language in ('english'::regconfig, 'lithuanian'::regconfig)),
      title varchar(255) null,
      body_md text null,
      body_html text null,
      published_version int null,
      published_at timestamptz null,
      organization_id uuid null,
      visible_organization_ids uuid[] not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      search tsvector generated always as (
        setweight(to_tsvector(language, coalesce(title, '')), 'A') || setweight(to_tsvector(language, coalesce(body_md, '')), 'B')
      ) stored
    )`);
    this.addSql('create index kb_article_search_index on kb_article using gin (search)');
    this.addSql('create index kb_article_category_id_index on kb_article (category_id)');
    // Counts are aggregates, no customer's data, and every reader adds to them: a requester may not
    // write the desk's article row (its policy's check), so they live beside it without a policy.
    this.addSql(`create table kb_article_counter (
      article_id uuid not null primary key references kb_article (id) on delete cascade,
      view_count int not null default 0,
      deflection_count int not null default 0
    )`);
    this.addSql(`create table kb_article_version (
      id uuid not null primary key,
      article_id uuid not null references kb_article (id) on delete cascade,
      version int not null,
      title varchar(255) not null,
      body_md text not null,
      state varchar(16) not null check (state in ('draft', 'in_review', 'published', 'rejected', 'superseded')),
      author_id uuid null,
      author_name varchar(255) not null,
      reviewer_name varchar(255) null,
      review_note text null,
      created_at timestamptz not null,
      decided_at timestamptz null,
      unique (article_id, version)
    )`);
    this.addSql(`create table kb_article_link (
      id uuid not null primary key,
      article_id uuid not null references kb_article (id) on delete cascade,
      kind varchar(16) not null check (kind in ('incident', 'problem', 'known_error')),
      ticket_id uuid null references ticket (id) on delete cascade,
      known_error_id uuid null references known_error (id) on delete cascade,
      created_at timestamptz not null,
      organization_id uuid null,
      check ((kind = 'known_error') = (known_error_id is not null) and (kind <> 'known_error') = (ticket_id is not null))
    )`);
    this.addSql('create unique index kb_article_link_unique on kb_article_link (article_id, kind, coalesce(ticket_id, known_error_id))');
    this.addSql(`create table kb_event (
      id uuid not null primary key,
      kind varchar(16) not null check (kind in ('view', 'search', 'deflection')),
      article_id uuid null references kb_article (id) on delete set null,
      query text null,
      user_id uuid null,
      organization_id uuid null,
      at timestamptz not null
    )`);
    this.addSql('create index kb_event_kind_at_index on kb_event (kind, at)');
    this.addSql(`create table survey_answer (
      id uuid not null primary key,
      ticket_id uuid not null references ticket (id) on delete cascade,
      nonce uuid not null unique,
      organization_id uuid null,
      agent_id uuid null,
      group_key varchar(255) null,
      csat smallint not null check (csat between 1 and 5),
      nps smallint null check (nps between 0 and 10),
      ces smallint null check (ces between 1 and 7),
      comment text null,
      answered_at timestamptz not null
    )`);
    this.addSql('create index survey_answer_ticket_id_index on survey_answer (ticket_id)');
    this.addSql('create index survey_answer_answered_at_index on survey_answer (answered_at)');

    for (const table of [...KNOWLEDGE_TENANT_TABLES, ...KNOWLEDGE_OFFERED_TABLES, 'kb_article_version']) {
      this.addSql(
        `create index ${table}_organization_id_index on ${table} (${table === 'kb_article_version' ? 'article_id' : 'organization_id'})`,
      );
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
    }
    for (const table of KNOWLEDGE_TENANT_TABLES)
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))`,
      );
    // Internal articles are the desk's (visible(null) holds for staff only); public ones are offered.
    this.addSql(`create policy tenant_isolation on kb_article
      using (flowdesk_tenant_visible(organization_id) or (audience = 'public' and flowdesk_tenant_offered(organization_id, visible_organization_ids, true)))
      with check (flowdesk_tenant_visible(organization_id))`);
    this.addSql(`create policy tenant_isolation on kb_article_version
      using (exists (select 1 from kb_article a where a.id = article_id))
      with check (exists (select 1 from kb_article a where a.id = article_id))`);
  }

  override down(): void {
    for (const table of [
      'survey_answer',
      'kb_event',
      'kb_article_link',
      'kb_article_version',
      'kb_article_counter',
      'kb_article',
      'kb_category',
    ])
      this.addSql(`drop table ${table}`);
  }
}
