import { DmnModdle } from 'dmn-moddle';
import type { ModdleElement } from '../compiler/parse-bpmn';
import { DmnParseError, type DecisionProblem } from './decision-problem';

/** Uploads above this are refused before parsing; a large ITIL decision table is tens of kilobytes. */
export const MAX_DMN_BYTES = 1024 * 1024;

const DMN13_NAMESPACE = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
/** DMN 1.1 and 1.2 namespaces: dmn-moddle reads only 1.3, and dmn-js migrates older files on open. */
const OLDER_DMN_NAMESPACES = ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', 'http://www.omg.org/spec/DMN/20180521/MODEL/'];

export interface ParsedDmn {
  definitions: ModdleElement;
  /** Content moddle could not place (unknown elements); the compiler refuses them. */
  warnings: DecisionProblem[];
}

/**
 * XML → dmn-moddle tree. DOCTYPEs and entities are refused outright: DMN needs neither, and expanding
 * them is the classic XML bomb.
 */
export async function parseDmn(xml: string): Promise<ParsedDmn> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_DMN_BYTES) {
    throw parseFailure(`the document is larger than ${MAX_DMN_BYTES} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw parseFailure('DOCTYPE and ENTITY declarations are not allowed in DMN uploads');
  }
  if (OLDER_DMN_NAMESPACES.some((ns) => xml.includes(ns))) {
    throw parseFailure('the document is DMN 1.1 or 1.2; open and save it in Camunda Modeler to migrate it to DMN 1.3');
  }
  let result: { rootElement: unknown; warnings: Array<{ message: string; element?: { id?: string } }> };
  try {
    result = (await DmnModdle().fromXML(xml, 'dmn:Definitions')) as typeof result;
  } catch (err) {
    throw parseFailure(`the XML is not a DMN 1.3 document (${DMN13_NAMESPACE}): ${firstLine((err as Error).message)}`);
  }
  const definitions = result.rootElement as ModdleElement | undefined;
  if (!definitions || definitions.$type !== 'dmn:Definitions') {
    throw parseFailure('the XML is not a DMN 1.3 document: no dmn:definitions root element');
  }
  const warnings = result.warnings.map((w) => ({
    ...(w.element?.id ? { elementId: w.element.id } : {}),
    message: describeWarning(w.message),
    code: 'DMN_XML_WARNING',
  }));
  return { definitions, warnings };
}

function parseFailure(message: string): DmnParseError {
  return new DmnParseError(message, [{ message, code: 'DMN_PARSE_ERROR' }]);
}

/** moddle's "unparsable content <x> detected / line / column / nested error: why" on one line. */
function describeWarning(text: string): string {
  const nested = /nested error: (.*)/.exec(text)?.[1]?.trim();
  return nested ? `${firstLine(text)}: ${nested}` : firstLine(text);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
