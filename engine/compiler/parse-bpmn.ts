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
  /** moddle's warnings that execution depends on: they refuse the deploy. */
  errors: CompileProblem[];
  /** moddle's warnings Camunda 8 deploys anyway (see {@link isHarmless}): reported, never refusing. */
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
  const errors: CompileProblem[] = [];
  const warnings: CompileProblem[] = [];
  for (const w of result.warnings as ModdleWarning[]) (isHarmless(w, xml) ? warnings : errors).push(describeWarning(w));
  return { definitions, errors, warnings };
}

interface ModdleWarning {
  message: string;
  element?: { id?: string; $type?: string; $parent?: ModdleWarning['element'] };
  property?: string;
}

/** References nothing executes: interfaces and operations, data associations' item definitions, categories. */
const DESCRIPTIVE_REFERENCES = new Set([
  'bpmn:inMessageRef',
  'bpmn:outMessageRef',
  'bpmn:operationRef',
  'bpmn:implementationRef',
  'bpmn:supportedInterfaceRef',
  'bpmn:interfaceRef',
  'bpmn:itemSubjectRef',
  'bpmn:structureRef',
  'bpmn:categoryValueRef',
  'bpmn:dataObjectRef',
  'bpmn:dataStoreRef',
]);

/**
 * Camunda 8 deploys a diagram whose only XML faults are ones execution never reads: a diagram
 * interchange shape pointing at a removed element, a reference inside an unused message, interface
 * or data definition, a DMN DI reference, or an `encoding="ISO-8859-1"` declaration on text that is
 * really ASCII or UTF-8 (it decoded without a replacement character). A duplicate id, content moddle
 * could not parse and a reference of an event definition, a flow or a boundary event stay errors:
 * the process would run differently from the drawing.
 */
function isHarmless(w: ModdleWarning, xml: string): boolean {
  const head = w.message.split('\n')[0]!;
  if (head.startsWith('unsupported document encoding')) return !xml.includes('\uFFFD');
  if (!head.startsWith('unresolved reference')) return false;
  const type = w.element?.$type ?? '';
  if (/^(bpmndi|dmndi|di|dc):/.test(type)) return true;
  if (w.property && DESCRIPTIVE_REFERENCES.has(w.property)) return true;
  // Outside every process (a collaboration's message flow, an interface, a root message): nothing runs it.
  for (let el = w.element; el; el = el.$parent) if (el.$type === 'bpmn:Process' || el.$type === 'bpmn:SubProcess') return false;
  return true;
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
