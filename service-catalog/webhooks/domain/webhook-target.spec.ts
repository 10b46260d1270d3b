import { isPrivateAddress, resolvedTargetProblem, targetProblem } from './webhook-target';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook targets', () => {
  it.each([
    ['ftp://example.com/hook', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['not a url', /absolute URL/],
    ['https://user:pw@example.com/hook', /user name or password/],
  ])('refuses %s whatever the mode', (url, why) => {
    expect(targetProblem(url, 'allow')).toMatch(why);
    expect(targetProblem(url, 'refuse')).toMatch(why);
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://api.localhost/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[fd00::1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses private target %s when private targets are refused, allows it otherwise', (url) => {
    expect(targetProblem(url, 'refuse')).toMatch(/this system|private/);
    expect(targetProblem(url, 'allow')).toBeNull();
  });

  it('accepts public addresses and names', () => {
    expect(targetProblem('https://hooks.example.com/flowdesk', 'refuse')).toBeNull();
    expect(targetProblem('http://93.184.216.34/hook', 'refuse')).toBeNull();
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('172.31.255.255')).toBe(true);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
  });

  it('refuses a name that resolves to loopback', async () => {
    expect(await resolvedTargetProblem('http://localhost.:9/hook', 'refuse')).toMatch(/private|loopback|this system|does not resolve/);
  });
});

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'd1', event: 'ticket.created' });

  it('verifies what it signed, within the tolerance', () => {
    const header = signWebhook('s3cret', body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret', body, header, 1_800_000_100)).toBe(true);
  });

  it('refuses another secret, a changed body, an old timestamp and garbage', () => {
    const header = signWebhook('s3cret', body, 1_800_000_000);
    expect(verifyWebhook('other', body, header, 1_800_000_000)).toBe(false);
    expect(verifyWebhook('s3cret', `${body} `, header, 1_800_000_000)).toBe(false);
    expect(verifyWebhook('s3cret', body, header, 1_800_000_000 + 301)).toBe(false);
    expect(verifyWebhook('s3cret', body, 't=x,v1=zz', 1_800_000_000)).toBe(false);
  });
});
