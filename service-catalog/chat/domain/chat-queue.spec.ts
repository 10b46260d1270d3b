import { authorOf, DEFAULT_TAKE_SECONDS, queueEstimate, SYSTEM_AUTHOR } from './chat-queue';

describe('chat queue estimate', () => {
  it('puts the first waiting chat first, at the default wait when nothing was measured', () => {
    expect(queueEstimate(0, 1, [])).toEqual({ position: 1, waitSeconds: DEFAULT_TAKE_SECONDS });
  });

  it('counts rounds of the available agents, each the mean recent time-to-take', () => {
    // Third in line, two agents: the second round; 30 s and 90 s taken lately make 60 s a round.
    expect(queueEstimate(2, 2, [30, 90])).toEqual({ position: 3, waitSeconds: 120 });
    // Nobody available still counts as one agent, so the estimate stays finite.
    expect(queueEstimate(1, 0, [10])).toEqual({ position: 2, waitSeconds: 20 });
  });
});

describe('chat transcript authors', () => {
  const anonymous = { requesterId: null };
  const signedIn = { requesterId: 'u-rita' };
  it('tells the visitor, the agents and the desk’s own notices apart', () => {
    expect(authorOf({ authorId: null, authorName: 'Ona' }, anonymous)).toBe('visitor');
    expect(authorOf({ authorId: null, authorName: SYSTEM_AUTHOR }, anonymous)).toBe('system');
    expect(authorOf({ authorId: 'u-tomas', authorName: 'Tomas' }, anonymous)).toBe('agent');
    expect(authorOf({ authorId: 'u-rita', authorName: 'Rita' }, signedIn)).toBe('visitor');
  });
});
