import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCoverage } from '../test/conformance/coverage';

/** Writes docs/bpmn-coverage.md from the conformance table. */
const target = join(__dirname, '..', '..', 'docs', 'bpmn-coverage.md');
writeFileSync(target, renderCoverage());
console.log(`wrote ${target}`);
