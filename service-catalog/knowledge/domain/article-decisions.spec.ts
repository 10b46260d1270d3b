import { reviewInstanceId } from './article-decisions';

describe('reviewInstanceId', () => {
  const article = '3b2f0c1e-6a7d-4c8e-9f10-1a2b3c4d5e6f';

  it('is the same for the same version, so a retried submit finds its instance', () => {
    expect(reviewInstanceId(article, 1)).toBe(reviewInstanceId(article, 1));
    expect(reviewInstanceId(article.toUpperCase(), 1)).toBe(reviewInstanceId(article, 1));
  });

  it('differs per version and per article, and is a UUID the process API accepts (version 4 form)', () => {
    const ids = new Set([
      reviewInstanceId(article, 1),
      reviewInstanceId(article, 2),
      reviewInstanceId('00000000-0000-4000-8000-000000000000', 1),
    ]);
    expect(ids.size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
