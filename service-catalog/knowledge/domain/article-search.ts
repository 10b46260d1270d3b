import type { EntityManager } from '@mikro-orm/postgresql';
import { ARTICLE_LANGUAGES } from './article-language';

export interface ArticleHit {
  id: string;
  title: string;
  language: string;
  audience: string;
  categoryId: string | null;
  rank: number;
  snippet: string;
}

/** At most this many candidates per field are ranked, and counted: a search box says "1000+". */
export const SEARCH_CANDIDATES = 300;
export const SEARCH_COUNT_CAP = 1000;

/**
 * Full-text search over published articles, ranked by `ts_rank_cd` (title weighted A over body B).
 * The query is parsed once per configuration and each article matches only in its own language's.
 *
 * Ranking every match is what made a broad query slow (tens of thousands of matches each ranked, and
 * counted). `kb_search_candidates` (Migration20261230010000_kb_search_candidates) finds, through GIN
 * indexes, the {@link SEARCH_CANDIDATES} visible articles whose titles match best (every title match
 * ranked on its few-word title vector, Migration20270408000000_kb_search_title_rank) — where the best
 * hits are, title words weighing most — and as many whose text matches; only those are ranked here on
 * the whole text, through kb_article and its row-level security. When fewer match than the cap (a
 * specific query) the ranking is exact; a broad one ranks the best title matches. `total` counts
 * matches up to {@link SEARCH_COUNT_CAP}.
 *
 * `match: 'all'` is a search box (websearch syntax: every word, "phrases", -not); `'any'` is a
 * ticket draft, where any word may hit and the rank sorts them (a draft's every word never appears
 * in one article). Visibility is the row-level security policy of kb_article plus, for requesters,
 * public articles only.
 */
export async function searchArticles(
  em: EntityManager,
  text: string,
  opts: { match: 'all' | 'any'; publicOnly: boolean; limit: number; offset?: number },
): Promise<{ items: ArticleHit[]; total: number }> {
  const configs = Object.values(ARTICLE_LANGUAGES);
  const parse = (cfg: string) =>
    opts.match === 'all'
      ? `websearch_to_tsquery('${cfg}', ?)`
      : `nullif(replace(plainto_tsquery('${cfg}', ?)::text, ' & ', ' | '), '')::tsquery`;
  const queries = configs.map((cfg, i) => `${parse(cfg)} as q${i}`).join(', ');
  const match = configs.map((cfg, i) => `(a.language = '${cfg}'::regconfig and a.search @@ q.q${i})`).join(' or ');
  const rankQuery = `case a.language ${configs.map((cfg, i) => `when '${cfg}'::regconfig then q.q${i}`).join(' ')} end`;
  const qs = configs.map((_, i) => `q.q${i}`).join(', ');
  const offset = opts.offset ?? 0;
  // Deep pages need as many candidates as they skip.
  const cap = Math.max(SEARCH_CANDIDATES, offset + opts.limit);
  // The headline is made for the page only: the inner query ranks, the outer one words.
  const rows = (await em.execute(
    `with q as materialized (select ${queries}),
          total as materialized (select kb_search_count(${qs}, ?, ?) as n from q),
          candidate as materialized (select kb_search_candidates(${qs}, ?, ?) as id from q)
     select h.*, ts_headline(h.language::regconfig, a.body_md, h.q, 'MaxWords=25, MinWords=8, StartSel=«, StopSel=»') as snippet,
            (select n from total) as total
       from (select a.id, a.title, a.language::text as language, a.audience, a.category_id, a.published_at,
                    ts_rank_cd(a.search, ${rankQuery}) as rank, ${rankQuery} as q
               from q, kb_article a
              where a.id in (select id from candidate)
                and a.published_version is not null and (${match}) ${opts.publicOnly ? `and a.audience = 'public'` : ''}
              order by rank desc, a.published_at desc, a.id
              limit ? offset ?) h
       join kb_article a on a.id = h.id
      order by h.rank desc, h.published_at desc, h.id`,
    [...configs.map(() => text), opts.publicOnly, SEARCH_COUNT_CAP, opts.publicOnly, cap, opts.limit, offset],
  )) as Array<Record<string, unknown>>;
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && offset > 0) {
    const [counted] = (await em.execute(`with q as materialized (select ${queries}) select kb_search_count(${qs}, ?, ?) as total from q`, [
      ...configs.map(() => text),
      opts.publicOnly,
      SEARCH_COUNT_CAP,
    ])) as Array<Record<string, unknown>>;
    total = Number(counted?.total ?? 0);
  }
  return {
    total,
    items: rows.map((r) => ({
      id: r.id as string,
      title: r.title as string,
      language: r.language as string,
      audience: r.audience as string,
      categoryId: (r.category_id as string | null) ?? null,
      rank: Number(r.rank),
      snippet: r.snippet as string,
    })),
  };
}
