import type { Principal } from '../../identity/domain/principal';
import { decideSender, type MailEvidence } from './mail-sender-trust';

const BALTIC = 'org-baltic';
const NORDIC = 'org-nordic';
const person = (userId: string, roles: Principal['roles'], extra: Partial<Principal> = {}): Principal => ({
  userId,
  username: userId,
  displayName: userId,
  roles,
  organizationId: null,
  servedOrganizationIds: [],
  groupKeys: [],
  via: 'jwt',
  ...extra,
});
const tomas = person('tomas', ['agent'], { servedOrganizationIds: [BALTIC, NORDIC] });
const agne = person('agne', ['agent'], { servedOrganizationIds: [BALTIC] });
const rita = person('rita', ['requester'], { organizationId: BALTIC });
const paulius = person('paulius', ['requester'], { organizationId: BALTIC });
const erik = person('erik', ['requester'], { organizationId: NORDIC });
const ritasTicket = { organizationId: BALTIC, callerId: 'rita' };
const eriksTicket = { organizationId: NORDIC, callerId: 'erik' };

const decide = (over: Partial<MailEvidence>) => {
  const d = decideSender({ address: 'someone@example', account: null, ticket: null, tokenValid: false, mta: 'none', ...over });
  return d.action === 'refuse' ? 'refuse' : `${d.action} as ${d.as.via === 'system' ? 'unverified' : d.as.userId}`;
};

describe('decideSender', () => {
  it.each<[string, Partial<MailEvidence>, string]>([
    ['staff reply through their own reply address', { account: tomas, ticket: ritasTicket, tokenValid: true }, 'reply as tomas'],
    ['staff reply without it (forged From)', { account: tomas, ticket: ritasTicket }, 'open as unverified'],
    [
      'staff reply with it, but the MTA says From was forged',
      { account: tomas, ticket: ritasTicket, tokenValid: true, mta: 'fail' },
      'open as unverified',
    ],
    ['staff proven, not serving the organisation', { account: agne, ticket: eriksTicket, tokenValid: true }, 'refuse'],
    ['staff new mail, unproven', { account: tomas }, 'open as unverified'],
    ['staff new mail, proven by the MTA', { account: tomas, mta: 'pass' }, 'open as tomas'],
    ['the caller, without a token', { account: rita, ticket: ritasTicket }, 'reply as rita'],
    ['the caller, but the MTA disproves From', { account: rita, ticket: ritasTicket, mta: 'fail' }, 'open as unverified'],
    ['a colleague with the reply address issued to them', { account: paulius, ticket: ritasTicket, tokenValid: true }, 'reply as paulius'],
    ['a colleague without one', { account: paulius, ticket: ritasTicket }, 'open as paulius'],
    ['another customer, even with a valid token', { account: erik, ticket: ritasTicket, tokenValid: true }, 'open as erik'],
    ['an unknown address naming a ticket', { ticket: ritasTicket, tokenValid: true }, 'open as unverified'],
    ['a requester’s new mail', { account: rita }, 'open as rita'],
  ])('%s → %s', (_what, evidence, expected) => {
    expect(decide(evidence)).toBe(expected);
  });

  it('marks an unverified sender in the name every entry shows, and gives it no account', () => {
    const decision = decideSender({
      address: 'tomas@flowdesk.example',
      account: tomas,
      ticket: ritasTicket,
      tokenValid: false,
      mta: 'none',
    });
    expect(decision).toMatchObject({
      action: 'open',
      as: { displayName: 'tomas@flowdesk.example (unverified sender)', via: 'system', roles: ['requester'], organizationId: null },
    });
  });
});
