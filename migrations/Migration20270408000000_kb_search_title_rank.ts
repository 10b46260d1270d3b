import { Migration } from '@mikro-orm/migrations';

/**
 * Knowledge-base search takes the best title matches, not any: `kb_search_candidates`
 * (Migration20261230010000_kb_search_candidates) returned the first `cap` visible articles whose title
 * matched, in whatever order the GIN bitmap gave them, so a broad query (thousands of title matches)
 * ranked an arbitrary few hundred of them and could miss its best hits. Title vectors are a few words
 * each and stored inline, so ranking every title match by `ts_rank_cd` costs a few milliseconds where
 * ranking every body would cost hundreds; the top `cap` of them by that rank are the candidates — title
 * words weigh most (A over B), so the best hits of the whole search are among them — then as many body
 * matches, which only decide the page when fewer titles match. The caller still ranks the candidates
 * on the full vector under kb_article's policy.
 */
export class Migration20270408000000_kb_search_title_rank extends Migration {
  override name = 'Migration20270408000000_kb_search_title_rank';

  override up(): void {
    this.addSql(candidates(true));
  }

  override down(): void {
    this.addSql(candidates(false));
  }
}

// Visibility as kb_article's policy says, read from the caller's settings (unchanged from the first version).
const VISIBLE = `(flowdesk_tenant_visible(s.organization_id)
        or (s.audience = 'public' and flowdesk_tenant_offered(s.organization_id, s.visible_organization_ids, true)))
      and (not public_only or s.audience = 'public')`;
const matches = (column: string) =>
  `((s.language = 'english'::regconfig and s.${column} @@ q_english) or (s.language = 'lithuanian'::regconfig and s.${column} @@ q_lithuanian))`;

function candidates(rankTitles: boolean): string {
  const titleOrder = rankTitles
    ? `order by ts_rank_cd(s.search_title, case when s.language = 'english'::regconfig then q_english else q_lithuanian end) desc, s.article_id`
    : '';
  return `create or replace function kb_search_candidates(q_english tsquery, q_lithuanian tsquery, public_only boolean, cap int)
      returns setof uuid language sql stable security definer set search_path = public, pg_temp set enable_seqscan = off as $$
        (select s.article_id from kb_article_search s where ${matches('search_title')} and ${VISIBLE} ${titleOrder} limit cap)
        union
        (select s.article_id from kb_article_search s where ${matches('search')} and ${VISIBLE} limit cap)
      $$`;
}
