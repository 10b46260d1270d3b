import { isDeferredPreamble } from './pipelined-client';

describe('isDeferredPreamble', () => {
  it.each([
    ['begin'],
    ['BEGIN'],
    ['select set_config($1, $2, true)'],
    ['select set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true)'],
    // MikroORM inlines the parameters; a quote inside a value is doubled.
    ["select set_config('flowdesk.tenant_bypass', '', true), set_config('flowdesk.organization_ids', 'a,b', true)"],
    ["select set_config('flowdesk.tenant_bypass', 'worker: it''s the worker', true)"],
  ])('defers %s', (text) => {
    expect(isDeferredPreamble(text)).toBe(true);
  });

  it.each([
    ['commit'],
    ['rollback'],
    ['start transaction isolation level serializable'],
    ["select set_config('a.b', 'c', false)"],
    ["select set_config('a.b', 'c', true), pg_sleep(1)"],
    ["select set_config('a.b', 'c', true); delete from ticket"],
    ["select set_config('a.b', 'it's', true)"],
    ['select 1'],
    ['insert into ticket default values'],
  ])('answers %s only when the server has', (text) => {
    expect(isDeferredPreamble(text)).toBe(false);
  });
});
