/**
 * The languages articles are written in, each with the PostgreSQL text search configuration that
 * stems it. Lithuanian is our users' language (scenarios: Vilnius, Kaunas); PostgreSQL's snowball
 * dictionaries ship `lithuanian` (checked against pg_ts_config of the embedded server).
 */
export const ARTICLE_LANGUAGES = { en: 'english', lt: 'lithuanian' } as const;
export type ArticleLanguage = keyof typeof ARTICLE_LANGUAGES;

export const regconfigOf = (language: ArticleLanguage): string => ARTICLE_LANGUAGES[language];

export function languageOf(regconfig: string): ArticleLanguage {
  const found = (Object.keys(ARTICLE_LANGUAGES) as ArticleLanguage[]).find((l) => ARTICLE_LANGUAGES[l] === regconfig);
  if (!found) throw new Error(`no article language uses the text search configuration ${regconfig}`);
  return found;
}
