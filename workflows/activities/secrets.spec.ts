import { resolveSecrets, withSecrets } from './secrets';

describe('connector secrets for our own task types', () => {
  const secrets = { SMTP_PASSWORD: 's3cret', API_KEY: 'k' };

  it('replaces {{secrets.NAME}} in nested strings and keeps unknown names as written', () => {
    expect(
      resolveSecrets({ a: 'pw={{secrets.SMTP_PASSWORD}}', b: ['{{ secrets.API_KEY }}', 3], c: '{{secrets.MISSING}}', d: null }, secrets),
    ).toEqual({ a: 'pw=s3cret', b: ['k', 3], c: '{{secrets.MISSING}}', d: null });
  });

  it('hands an activity its headers and variables resolved, and leaves them alone without secrets', async () => {
    const seen: unknown[] = [];
    const activities = { notify: async (input: unknown) => void seen.push(input) };
    await withSecrets(activities, secrets).notify({ headers: { key: '{{secrets.API_KEY}}' }, variables: { to: 'x' } });
    expect(seen[0]).toEqual({ headers: { key: 'k' }, variables: { to: 'x' } });
    expect(withSecrets(activities, {})).toBe(activities);
  });
});
