import { randomUUID } from 'node:crypto';
import { ApprovalLinks } from './approval-links';

describe('approval links', () => {
  const links = new ApprovalLinks('a-server-secret-of-at-least-32-characters');
  const id = randomUUID();
  const link = { approvalId: id, decision: 'approved' as const, username: 'paulius', expiresAt: new Date(Date.now() + 3_600_000) };

  it('verifies a genuine link for the approval’s holder, and reads it back', () => {
    const token = links.sign(link, 'paulius');
    expect(links.verify(token, 'paulius')).toBeNull();
    expect(links.parse(token)).toMatchObject({ approvalId: id, decision: 'approved', username: 'paulius' });
  });

  it('refuses a link whose decision, approval, user or expiry was changed, or signed with another secret', () => {
    const token = links.sign(link, 'paulius');
    const [a, , e, u, mac] = token.split('.');
    expect(links.verify([a, 'r', e, u, mac].join('.'), 'paulius')).toBe('tampered');
    expect(links.verify([randomUUID(), 'a', e, u, mac].join('.'), 'paulius')).toBe('tampered');
    expect(links.verify([a, 'a', e, 'rita', mac].join('.'), 'paulius')).toBe('tampered');
    expect(links.verify([a, 'a', String(Number(e) + 86_400), u, mac].join('.'), 'paulius')).toBe('tampered');
    expect(links.verify(new ApprovalLinks('another-server-secret-of-32-characters!!').sign(link, 'paulius'), 'paulius')).toBe('tampered');
    expect(links.verify('not-a-token', 'paulius')).toBe('malformed');
  });

  it('stops working once the approval is delegated (another holder) or the link expired', () => {
    expect(links.verify(links.sign(link, 'paulius'), 'dora')).toBe('tampered');
    const old = links.sign({ ...link, expiresAt: new Date(Date.now() - 1000) }, 'paulius');
    expect(links.verify(old, 'paulius')).toBe('expired');
  });
});
