import { Migration } from '@mikro-orm/migrations';

/**
 * Knowledge-base search that stays fast when a query matches tens of thousands of articles (issue 20:
 * p99 ≤ 50 ms over 50,000; it was 426 ms).
 *
 * Why a side table: `kb_article` has row-level security, and PostgreSQL does not use a qual whose
 * operator is not leakproof (`@@` is not) as an index condition below a policy — so under the
 * application's role every search read the whole table and ranked every match. `kb_article_search`
 * holds what a search needs (the published text's vectors, language and who may read it) with no
 * policy, so its GIN indexes answer the match. Nobody reads it directly: the application role has no
 * grant on it (service-catalog/db/app-role.ts revokes it), only through `kb_search_candidates`, a
 * security-definer function that applies the same visibility as kb_article's policy with the caller's
 * own tenant settings and returns at most `cap` ids per field — title matches first
 * (weight A, where the best hits are), then body matches. Sequential scans are off inside it: with a
 * LIMIT the planner takes a match that most rows satisfy for a cheap scan, but where the matching
 * rows lie in the heap it cannot know (one language's articles after another's), and reading past
 * 20,000 non-matching vectors was the slow case; the GIN bitmap costs a few ms whatever the order.
 * The caller ranks those by `ts_rank_cd`
 * through kb_article itself, under its policy again.
 *
 * The copy is kept by a trigger on kb_article: published articles only, in step with every write.
 */
export class Migration20261230010000_kb_search_candidates extends Migration {
  override name = 'Migration20261230010000_kb_search_candidates';

  override up(): void {
    this.addSql(`create table kb_article_search (
      article_id uuid not null primary key references kb_article (id) on delete cascade,
      language regconfig not null,
      audience varchar(16) not null,
      organization_id uuid null,
      visible_organization_ids uuid[] not null,
      search tsvector not null,
      search_title tsvector not null
    )`);
    // No pending list: a search right after many writes should not scan one (GIN fastupdate).
    this.addSql('create index kb_article_search_search_index on kb_article_search using gin (search) with (fastupdate = off)');
    this.addSql('create index kb_article_search_title_index on kb_article_search using gin (search_title) with (fastupdate = off)');

    this.addSql(`create function kb_article_search_sync() returns trigger language plpgsql
      security definer set search_path = public, pg_temp as $$
      begin
        if tg_op = 'DELETE' or new.published_version is null then
          delete from kb_article_search where article_id = coalesce(new.id, old.id);
          return null;
        end if;
        insert into kb_article_search (article_id, language, audience, organization_id, visible_organization_ids, search, search_title)
        values (new.id, new.language, new.audience, new.organization_id, new.visible_organization_ids, new.search,
                setweight(to_tsvector(new.language, coalesce(new.title, '')), 'A'))
        on conflict (article_id) do update set language = excluded.language, audience = excluded.audience,
          organization_id = excluded.organization_id, visible_organization_ids = excluded.visible_organization_ids,
          search = excluded.search, search_title = excluded.search_title;
        return null;
      end $$`);
    this.addSql(
      'create trigger kb_article_search_sync after insert or update or delete on kb_article for each row execute function kb_article_search_sync()',
    );
    this
      .addSql(`insert into kb_article_search (article_id, language, audience, organization_id, visible_organization_ids, search, search_title)
      select id, language, audience, organization_id, visible_organization_ids, search, setweight(to_tsvector(language, coalesce(title, '')), 'A')
        from kb_article where published_version is not null`);

    // Visibility as kb_article's policy says, read from the caller's settings (a definer function
    // still sees the session's), plus public articles only when asked.
    const visible = `(flowdesk_tenant_visible(s.organization_id)
        or (s.audience = 'public' and flowdesk_tenant_offered(s.organization_id, s.visible_organization_ids, true)))
      and (not public_only or s.audience = 'public')`;
    const matches = (column: string) =>
      `((s.language = 'english'::regconfig and s.${column} @@ q_english) or (s.language = 'lithuanian'::regconfig and s.${column} @@ q_lithuanian))`;
    this.addSql(`create function kb_search_candidates(q_english tsquery, q_lithuanian tsquery, public_only boolean, cap int)
      returns setof uuid language sql stable security definer set search_path = public, pg_temp set enable_seqscan = off as $$
        (select s.article_id from kb_article_search s where ${matches('search_title')} and ${visible} limit cap)
        union
        (select s.article_id from kb_article_search s where ${matches('search')} and ${visible} limit cap)
      $$`);
    // How many match, counted up to `cap` (a search box says "1000+" rather than counting 40,000).
    this.addSql(`create function kb_search_count(q_english tsquery, q_lithuanian tsquery, public_only boolean, cap int)
      returns int language sql stable security definer set search_path = public, pg_temp set enable_seqscan = off as $$
        select count(*)::int from (
          select 1 from kb_article_search s
           where ${matches('search')} and ${visible}
           limit cap) m
      $$`);
  }

  override down(): void {
    this.addSql('drop function kb_search_count(tsquery, tsquery, boolean, int)');
    this.addSql('drop function kb_search_candidates(tsquery, tsquery, boolean, int)');
    this.addSql('drop trigger kb_article_search_sync on kb_article');
    this.addSql('drop function kb_article_search_sync()');
    this.addSql('drop table kb_article_search');
  }
}
