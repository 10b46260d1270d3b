import { scanStartTags } from '../xml/scan-start-tags';
import { DmnTooLargeError } from './decision-problem';

/**
 * DMN elements a document may hold (decisions, rules, entries and their texts all count). A decision
 * table of 2,000 rules over three inputs is about 18,000; parsing and checking that many already
 * takes most of a second, and a business rule task fetches the whole compiled graph.
 */
export const MAX_DMN_ELEMENTS = 20_000;

const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** Elements in the DMN 1.3 namespace, counted from the text without parsing it (DMNDI shapes are not). */
export function countDmnElements(xml: string): number {
  let count = 0;
  scanStartTags(xml, {
    start(tag) {
      if (tag.namespace === DMN13_MODEL) count++;
    },
  });
  return count;
}

/**
 * Refuses a document over the element limit before anything parses it.
 * @throws DmnTooLargeError naming the count and the limit
 */
export function assertWithinDmnElementLimit(xml: string): void {
  const count = countDmnElements(xml);
  if (count > MAX_DMN_ELEMENTS) {
    const message = `the document has ${count} DMN elements; the limit is ${MAX_DMN_ELEMENTS}`;
    throw new DmnTooLargeError(message, [{ message, code: 'TOO_MANY_ELEMENTS' }]);
  }
}
