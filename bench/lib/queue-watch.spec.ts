import { QueueWatch, type Execute } from './queue-watch';

describe('QueueWatch', () => {
  it('stamps a ticket once, at the first poll whose query returns it, and only asks for tickets still awaited', async () => {
    const asked: string[] = [];
    let polls = 0;
    const execute: Execute = async (_sql, [ids]) => {
      asked.push(String(ids));
      polls++;
      return polls >= 3 ? [{ id: 'a' }] : [];
    };
    const watch = new QueueWatch(execute, 5);
    watch.await('a');
    watch.start();
    expect(await watch.drained(5000)).toBe(true);
    await watch.stop();
    expect(watch.seenAt.has('a')).toBe(true);
    expect(watch.pending).toBe(0);
    expect(asked.slice(0, 3)).toEqual(['{a}', '{a}', '{a}']);
    expect(watch.seenAtFirstPoll.has('a')).toBe(false);
    expect(watch.stats().polls).toBe(3);
  });
});
