import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDecisions, countDmnElements, DmnTooLargeError, MAX_DMN_ELEMENTS } from '.';
import { dmnDocument, literalDecision } from './fixtures/make-dmn';

describe('countDmnElements', () => {
  it('counts the DMN elements and not the diagram interchange', () => {
    const xml = readFileSync(join(__dirname, '../../workflows/decisions/priority-matrix.dmn'), 'utf8');
    const count = countDmnElements(xml);
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan((xml.match(/<[A-Za-z]/g) ?? []).length);
  });

  it('counts a literal decision as its three elements', () => {
    expect(countDmnElements(dmnDocument(literalDecision('d', '1')))).toBe(4);
  });

  it('refuses a document over the limit before parsing it, naming the count and the limit', async () => {
    const n = Math.floor(MAX_DMN_ELEMENTS / 3) + 1;
    const xml = dmnDocument(Array.from({ length: n }, (_, i) => literalDecision(`d${i}`, '1')).join(''));
    const refusal = await compileDecisions(xml).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DmnTooLargeError);
    expect((refusal as Error).message).toBe(`the document has ${n * 3 + 1} DMN elements; the limit is ${MAX_DMN_ELEMENTS}`);
  });
});
