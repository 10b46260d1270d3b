import type { ModdleElement } from './parse-bpmn';
import type { VariableMapping } from './process-graph';

/** Reads the `zeebe:` extension elements of one BPMN element, the vocabulary Camunda Modeler writes. */
export function zeebeExtension(element: ModdleElement, type: string): ModdleElement | undefined {
  const ext = element.extensionElements as { values?: ModdleElement[] } | undefined;
  return ext?.values?.find((v) => v.$type === type);
}

export function zeebeIoMapping(element: ModdleElement): { inputs?: VariableMapping[]; outputs?: VariableMapping[] } {
  const io = zeebeExtension(element, 'zeebe:IoMapping');
  if (!io) return {};
  const read = (list: unknown) =>
    ((list as ModdleElement[] | undefined) ?? []).map((p) => ({ source: mappingSource(p.source), target: String(p.target ?? '') }));
  const inputs = read(io.inputParameters);
  const outputs = read(io.outputParameters);
  return {
    ...(inputs.length ? { inputs } : {}),
    ...(outputs.length ? { outputs } : {}),
  };
}

export function zeebeTaskHeaders(element: ModdleElement): Record<string, string> {
  const headers = zeebeExtension(element, 'zeebe:TaskHeaders');
  const values = (headers?.values as ModdleElement[] | undefined) ?? [];
  return Object.fromEntries(values.map((h) => [String(h.key ?? ''), String(h.value ?? '')]));
}

/** Camunda's "extension properties": `<zeebe:properties><zeebe:property name value/></zeebe:properties>`. */
export function zeebeProperties(element: ModdleElement): { properties?: Record<string, string> } {
  const values = (zeebeExtension(element, 'zeebe:Properties')?.properties as ModdleElement[] | undefined) ?? [];
  const named = values.filter((p) => typeof p.name === 'string' && p.name !== '');
  return named.length ? { properties: Object.fromEntries(named.map((p) => [String(p.name), String(p.value ?? '')])) } : {};
}

/** Copies the string attributes that are set, so the graph carries no `undefined` keys. */
export function definedStrings<K extends string>(source: ModdleElement | undefined, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (!source) return out;
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' && value.trim() !== '') out[key] = value;
  }
  return out;
}

/**
 * Camunda 8 reads a mapping `source` without a leading `=` as a static string (zeebe#8733), so
 * `{{secrets.SMTP_PASSWORD}}` or `https://example.org` reach the worker as written. The graph keeps
 * only expressions: a static value is compiled to the FEEL string literal that yields it, which the
 * interpreter already evaluates, so running instances (whose graphs keep their own sources) replay
 * unchanged. An absent source stays empty and is refused by validation, as before.
 */
export function mappingSource(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '' || text.trimStart().startsWith('=')) return text;
  return `=${feelStringLiteral(text)}`;
}

/** FEEL string literal: backslash escapes as in FEEL 1.3 §10.3.1.1 (quote, backslash, newlines). */
export function feelStringLiteral(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `"${escaped}"`;
}
