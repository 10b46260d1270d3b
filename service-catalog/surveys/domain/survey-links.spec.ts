import { SurveyLinks } from './survey-links';

describe('SurveyLinks', () => {
  const links = new SurveyLinks('a-secret-that-is-long-enough-for-tests');
  const now = new Date('2026-12-03T10:00:00Z');
  const ticketId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

  it('verifies the link it issued, naming the ticket', () => {
    expect(links.verify(links.issue(ticketId, now), now)).toMatchObject({ ticketId });
  });

  it.each([
    ['another ticket', (t: string) => t.replace(ticketId, '00000000-0000-0000-0000-000000000000')],
    ['a later expiry', (t: string) => t.replace(/\.(\d+)\./, (_m, e: string) => `.${Number(e) + 86_400}.`)],
    ['a changed signature', (t: string) => `${t.slice(0, -2)}AA`],
    ['a missing part', (t: string) => t.split('.').slice(0, 3).join('.')],
  ])('refuses %s', (_what, tamper) => {
    expect(() => links.verify(tamper(links.issue(ticketId, now)), now)).toThrow(expect.objectContaining({ code: 'SURVEY_LINK_INVALID' }));
  });

  it('refuses a link of another secret, and an expired one', () => {
    expect(() => new SurveyLinks('another-secret-that-is-long-enough').verify(links.issue(ticketId, now), now)).toThrow(/not one we sent/);
    const later = new Date(now.getTime() + 15 * 86_400_000);
    expect(() => links.verify(links.issue(ticketId, now), later)).toThrow(expect.objectContaining({ code: 'SURVEY_LINK_EXPIRED' }));
  });

  it('issues one link per CSAT score, of one survey, each carrying its score', () => {
    const scores = links.issueScores(ticketId, now);
    expect([...scores.keys()]).toEqual([5, 4, 3, 2, 1]);
    const claims = [...scores.values()].map((t) => links.verify(t, now));
    expect(claims.map((c) => c.score)).toEqual([5, 4, 3, 2, 1]);
    expect(new Set(claims.map((c) => c.nonce)).size).toBe(1);
  });

  it.each([
    ['another score', (t: string) => t.replace(/\.5\.([^.]+)$/, '.1.$1')],
    ['a score out of range', (t: string) => t.replace(/\.5\.([^.]+)$/, '.9.$1')],
    ['the score dropped', (t: string) => t.replace(/\.5\.([^.]+)$/, '.$1')],
  ])('refuses a score link with %s', (_what, tamper) => {
    const best = links.issueScores(ticketId, now).get(5)!;
    expect(() => links.verify(tamper(best), now)).toThrow(expect.objectContaining({ code: 'SURVEY_LINK_INVALID' }));
  });
});
