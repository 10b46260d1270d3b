import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { BpmnParseError, type CompileProblem } from './compile-problem';

/** Uploads above this are refused before parsing; ITIL diagrams are tens of kilobytes. */
export const MAX_BPMN_BYTES = 2 * 1024 * 1024;

/** A moddle element as the compiler reads it; moddle's own typings are looser than useful here. */
export type ModdleElement = {
  $type: string;
  id?: string;
  name?: string;
  $parent?: ModdleElement;
  [key: string]: unknown;
};

export interface ParsedBpmn {
  definitions: ModdleElement;
  warnings: CompileProblem[];
}

/**
 * XML → moddle tree with the Zeebe extension vocabulary, so a diagram from Camunda Modeler keeps its
 * `zeebe:` attributes. DOCTYPEs and entities are refused outright: BPMN needs neither, and expanding
 * them is the classic XML bomb.
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_BPMN_BYTES) {
    throw parseFailure(`the diagram is larger than ${MAX_BPMN_BYTES} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw parseFailure('DOCTYPE and ENTITY declarations are not allowed in BPMN uploads');
  }
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  let result: { rootElement: unknown; warnings: Array<{ message: string; element?: { id?: string } }> };
  try {
    result = (await moddle.fromXML(xml, 'bpmn:Definitions')) as typeof result;
  } catch (err) {
    throw parseFailure(`the XML is not a BPMN 2.0 document: ${firstLine((err as Error).message)}`);
  }
  const definitions = result.rootElement as ModdleElement | undefined;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    throw parseFailure('the XML is not a BPMN 2.0 document: no bpmn:definitions root element');
  }
  const warnings = result.warnings.map((w) => describeWarning(w as ModdleWarning));
  return { definitions, warnings };
}

interface ModdleWarning {
  message: string;
  element?: { id?: string; $parent?: { id?: string } };
  property?: string;
}

/**
 * moddle's warnings are multi-line (`unparsable content … / line / column / nested error`); the
 * problem keeps the position and the nested cause, and names the element of a duplicate id. An
 * unresolved reference often sits on an event definition, which has no id: its event is named then.
 */
function describeWarning(w: ModdleWarning): CompileProblem {
  const [head, ...rest] = w.message.split('\n').map((l) => l.trim());
  const field = (name: string) =>
    rest
      .find((l) => l.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim();
  const nested = field('nested error');
  const duplicate = nested && /^duplicate ID <(.+)>$/.exec(nested);
  const where = field('line') ? ` at line ${field('line')}, column ${field('column')}` : '';
  if (duplicate)
    return { elementId: duplicate[1], message: `the id "${duplicate[1]}" is used by more than one element${where}`, code: 'DUPLICATE_ID' };
  const elementId = w.element?.id ?? w.element?.$parent?.id;
  return {
    ...(elementId ? { elementId } : {}),
    message: `${head}${w.property && !where ? ` (${w.property.replace('bpmn:', '')})` : ''}${where}${nested ? `: ${nested}` : ''}`,
    code: 'BPMN_XML_WARNING',
  };
}

function parseFailure(message: string): BpmnParseError {
  return new BpmnParseError(message, [{ message, code: 'BPMN_PARSE_ERROR' }]);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
