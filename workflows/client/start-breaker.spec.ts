import { ServiceError } from '@temporalio/client';
import { StartBreaker } from './start-breaker';

describe('the start breaker', () => {
  let now = 1_000_000;
  const breaker = () => new StartBreaker(5_000, () => now);
  const unavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: '', metadata: {} });

  it('lets starts through until a landed check finds the server away', () => {
    const b = breaker();
    expect(() => b.check('a')).not.toThrow();
    b.checkFailed(new ServiceError('Failed to describe', { cause: unavailable }));
    expect(() => b.check('b')).toThrow(/UNAVAILABLE/);
  });

  it('stays shut when the server answered (not found) or the failure says nothing about it', () => {
    const b = breaker();
    b.checkFailed(new Error('workflow not found'));
    b.checkFailed(new ServiceError('permission denied'));
    expect(() => b.check('a')).not.toThrow();
  });

  it('opens for as long as callers are told to wait, then lets the next start try the server', () => {
    const b = breaker();
    b.checkFailed(new ServiceError('DEADLINE_EXCEEDED: no answer'));
    now += 4_999;
    expect(() => b.check('a')).toThrow(ServiceError);
    now += 1;
    expect(() => b.check('b')).not.toThrow();
  });

  it('answers "not landed" once for a start it refused, and never for one it let through', () => {
    const b = breaker();
    b.checkFailed(new ServiceError('UNAVAILABLE'));
    expect(() => b.check('refused')).toThrow();
    expect(b.wasRefused('refused')).toBe(true);
    expect(b.wasRefused('refused')).toBe(false);
    expect(b.wasRefused('sent')).toBe(false);
  });
});
