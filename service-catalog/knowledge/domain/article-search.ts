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

/**
 * Full-text search over published articles, ranked by `ts_rank_cd` (title weighted A over body B).
 * The query is parsed once per configuration and each article matches only in its own language's,
 * as OR-ed conditions the GIN index on `search` answers with a bitmap OR — a per-row
 * `to_tsquery(language, …)` would read every row.
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
  // The headline is made for the page only: the inner query ranks and counts, the outer one words.
  const rows = (await em.execute(
    `select h.*, ts_headline(h.language::regconfig, a.body_md, h.q, 'MaxWords=25, MinWords=8, StartSel=«, StopSel=»') as snippet
       from (select a.id, a.title, a.language::text as language, a.audience, a.category_id, a.published_at,
                    ts_rank_cd(a.search, ${rankQuery}) as rank, ${rankQuery} as q, count(*) over () as total
               from kb_article a, (select ${queries}) q
              where a.published_version is not null and (${match}) ${opts.publicOnly ? `and a.audience = 'public'` : ''}
              order by rank desc, a.published_at desc, a.id
              limit ? offset ?) h
       join kb_article a on a.id = h.id
      order by h.rank desc, h.published_at desc, h.id`,
    [...configs.map(() => text), opts.limit, opts.offset ?? 0],
  )) as Array<Record<string, unknown>>;
  return {
    total: rows.length ? Number(rows[0].total) : 0,
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
