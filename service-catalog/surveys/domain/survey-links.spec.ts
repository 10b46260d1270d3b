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
});
