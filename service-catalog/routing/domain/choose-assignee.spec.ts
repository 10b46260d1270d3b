import { chooseAssignee, type AssigneeQuery, type Candidate } from './choose-assignee';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute));
const member = (username: string, extra: Partial<Candidate> = {}): Candidate => ({
  id: `id-${username}`,
  username,
  servesTicket: true,
  available: true,
  skills: [],
  openTickets: 0,
  lastAssignedAt: null,
  ...extra,
});
const choose = (query: Partial<AssigneeQuery> & Pick<AssigneeQuery, 'strategy' | 'candidates'>) =>
  chooseAssignee({ cursor: null, ...query });
const chosen = (query: Parameters<typeof choose>[0]) => choose(query).assignee?.username ?? null;

describe('chooseAssignee', () => {
  describe('manual', () => {
    it('assigns nobody and keeps the cursor, however many members are free', () => {
      expect(choose({ strategy: 'manual', candidates: [member('ana'), member('ben')], cursor: 'ana' })).toEqual({
        assignee: null,
        cursor: 'ana',
        reason: 'manual',
      });
    });
  });

  describe('round-robin', () => {
    const team = [member('carl'), member('ana'), member('ben')];

    it('starts with the first member by username and remembers them', () => {
      expect(choose({ strategy: 'round-robin', candidates: team })).toEqual({ assignee: team[1], cursor: 'ana' });
    });

    it('rotates through the members in username order and wraps around after the last', () => {
      let cursor: string | null = null;
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        const choice = chooseAssignee({ strategy: 'round-robin', candidates: team, cursor });
        order.push(choice.assignee!.username);
        cursor = choice.cursor;
      }
      expect(order).toEqual(['ana', 'ben', 'carl', 'ana', 'ben']);
    });

    it('skips unavailable members, wrapping past the end if need be', () => {
      const someAway = [member('ana'), member('ben', { available: false }), member('carl', { available: false })];
      expect(choose({ strategy: 'round-robin', candidates: someAway, cursor: 'ana' })).toEqual({ assignee: someAway[0], cursor: 'ana' });
      expect(
        chosen({
          strategy: 'round-robin',
          candidates: [member('ana'), member('ben', { available: false }), member('carl')],
          cursor: 'ana',
        }),
      ).toBe('carl');
    });

    it('continues after a cursor whose member has left the group', () => {
      expect(chosen({ strategy: 'round-robin', candidates: [member('ana'), member('carl')], cursor: 'ben' })).toBe('carl');
      expect(chosen({ strategy: 'round-robin', candidates: [member('ana'), member('carl')], cursor: 'zoe' })).toBe('ana');
    });

    it('ignores load and skills', () => {
      expect(
        chosen({ strategy: 'round-robin', candidates: [member('ana', { openTickets: 9 }), member('ben')], requiredSkills: ['vpn'] }),
      ).toBe('ana');
    });
  });

  describe('least-loaded', () => {
    it('chooses the available member with the fewest open tickets', () => {
      const team = [
        member('ana', { openTickets: 3 }),
        member('ben', { openTickets: 1 }),
        member('carl', { openTickets: 0, available: false }),
      ];
      expect(choose({ strategy: 'least-loaded', candidates: team, cursor: 'ana' })).toEqual({ assignee: team[1], cursor: 'ana' });
    });

    it('breaks a tie in load by who was assigned least recently, a never-assigned member first', () => {
      const team = [
        member('ana', { openTickets: 1, lastAssignedAt: at(30) }),
        member('ben', { openTickets: 1, lastAssignedAt: at(10) }),
        member('carl', { openTickets: 2 }),
      ];
      expect(chosen({ strategy: 'least-loaded', candidates: team })).toBe('ben');
      expect(chosen({ strategy: 'least-loaded', candidates: [...team, member('dana', { openTickets: 1 })] })).toBe('dana');
    });

    it('breaks a remaining tie by username', () => {
      expect(chosen({ strategy: 'least-loaded', candidates: [member('ben'), member('ana')] })).toBe('ana');
      expect(
        chosen({
          strategy: 'least-loaded',
          candidates: [member('ben', { lastAssignedAt: at(5) }), member('ana', { lastAssignedAt: at(5) })],
        }),
      ).toBe('ana');
    });
  });

  describe('skills', () => {
    const team = [
      member('ana', { skills: ['network'], openTickets: 0 }),
      member('ben', { skills: ['network', 'vpn'], openTickets: 4 }),
      member('carl', { skills: ['VPN', ' Network '], openTickets: 2 }),
      member('dana', { skills: ['network', 'vpn'], openTickets: 0, available: false }),
    ];

    it('chooses, among available members with every required skill, the least loaded (skills compared without case)', () => {
      expect(chosen({ strategy: 'skills', candidates: team, requiredSkills: ['vpn', 'network'] })).toBe('carl');
    });

    it('treats no required skills as "any available member", least loaded first', () => {
      expect(chosen({ strategy: 'skills', candidates: team })).toBe('ana');
      expect(chosen({ strategy: 'skills', candidates: team, requiredSkills: [] })).toBe('ana');
    });

    it('leaves the ticket unassigned when no available member has the skills, keeping the cursor', () => {
      expect(choose({ strategy: 'skills', candidates: team, requiredSkills: ['firewall'], cursor: 'x' })).toEqual({
        assignee: null,
        cursor: 'x',
        reason: 'nobody-has-the-skills',
      });
      // Dana has both skills but is away: nobody qualifies.
      expect(choose({ strategy: 'skills', candidates: [team[0]!, team[3]!], requiredSkills: ['vpn'] })).toMatchObject({
        assignee: null,
        reason: 'nobody-has-the-skills',
      });
    });
  });

  describe('nobody available', () => {
    it.each(['round-robin', 'least-loaded', 'skills'] as const)(
      '%s assigns nobody when every member is unavailable or the group is empty',
      (strategy) => {
        expect(choose({ strategy, candidates: [member('ana', { available: false })], cursor: 'ana' })).toEqual({
          assignee: null,
          cursor: 'ana',
          reason: 'nobody-available',
        });
        expect(choose({ strategy, candidates: [] })).toEqual({ assignee: null, cursor: null, reason: 'nobody-available' });
      },
    );
  });

  describe('only members who serve the ticket’s organisation', () => {
    // Ana and Carl serve the ticket's customer; Ben, in the same group, serves another one.
    const mixed = [
      member('ana', { openTickets: 5, skills: ['vpn'] }),
      member('ben', { servesTicket: false, skills: ['vpn'] }),
      member('carl', { openTickets: 3, skills: ['vpn'] }),
    ];

    it.each(['round-robin', 'least-loaded', 'skills'] as const)(
      '%s never chooses a member who does not serve it, however free or skilled',
      (strategy) => {
        const picks = new Set<string>();
        let cursor: string | null = 'ana';
        for (let i = 0; i < 4; i++) {
          const choice = chooseAssignee({ strategy, candidates: mixed, cursor, requiredSkills: ['vpn'] });
          picks.add(choice.assignee!.username);
          cursor = choice.cursor;
        }
        expect(picks.has('ben')).toBe(false);
        expect(picks.size).toBeGreaterThan(0);
      },
    );

    it('round-robin rotates past a member who does not serve it', () => {
      expect(chosen({ strategy: 'round-robin', candidates: mixed, cursor: 'ana' })).toBe('carl');
    });

    it('least-loaded and skills pass over the least loaded member when they do not serve it', () => {
      expect(chosen({ strategy: 'least-loaded', candidates: mixed })).toBe('carl');
      expect(chosen({ strategy: 'skills', candidates: mixed, requiredSkills: ['vpn'] })).toBe('carl');
    });

    it.each(['round-robin', 'least-loaded', 'skills'] as const)(
      '%s leaves the ticket in the queue when no member serves it, keeping the cursor',
      (strategy) => {
        const others = [member('ben', { servesTicket: false }), member('dana', { servesTicket: false, skills: ['vpn'] })];
        expect(choose({ strategy, candidates: others, cursor: 'ben' })).toEqual({
          assignee: null,
          cursor: 'ben',
          reason: 'nobody-serves-the-organisation',
        });
      },
    );

    it('says nobody is available when those who serve it are away', () => {
      expect(
        choose({ strategy: 'least-loaded', candidates: [member('ana', { available: false }), member('ben', { servesTicket: false })] }),
      ).toMatchObject({ assignee: null, reason: 'nobody-available' });
    });
  });
});
