import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCoverage } from './coverage';

describe('docs/bpmn-coverage.md', () => {
  it('is what the conformance table generates (run `npm run docs:coverage` after changing cases)', () => {
    expect(readFileSync(join(__dirname, '../../docs/bpmn-coverage.md'), 'utf8')).toBe(renderCoverage());
  });
});
