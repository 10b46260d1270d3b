/**
 * The one template language of canned responses and mail templates: literal text with `{{ name }}`
 * placeholders, where a name is a dotted path (`caller.displayName`, `vars.resolutionDueAt`). No
 * expressions, no code, no eval: a template can only copy values in, so editing one is safe to give
 * to process owners. Pure; the callers decide which names exist (see placeholders.ts).
 */

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string; index: number };

/** A template that cannot be parsed; `index` is the offset of the offending `{{`. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** The names a template may use: exact names, and prefixes under which any name is allowed (`vars.`). */
export interface PlaceholderSet {
  names: readonly string[];
  prefixes?: readonly string[];
}

export interface TemplateProblem {
  code: 'TEMPLATE_SYNTAX' | 'UNKNOWN_PLACEHOLDER';
  placeholder: string;
  message: string;
}

const OPEN = '{{';
const CLOSE = '}}';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Splits a template into text and placeholders. @throws TemplateSyntaxError for an unclosed, empty or malformed `{{…}}`. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (;;) {
    const open = template.indexOf(OPEN, at);
    if (open < 0) break;
    const close = template.indexOf(CLOSE, open + OPEN.length);
    if (close < 0) throw new TemplateSyntaxError(`"{{" at position ${open} is never closed with "}}"`, open);
    const inner = template.slice(open + OPEN.length, close);
    // A "{{" inside means the first one was never closed: "{{a {{b}}".
    if (inner.includes(OPEN)) throw new TemplateSyntaxError(`"{{" at position ${open} is never closed with "}}"`, open);
    const name = inner.trim();
    if (!name) throw new TemplateSyntaxError(`empty placeholder "{{}}" at position ${open}`, open);
    if (!NAME.test(name))
      throw new TemplateSyntaxError(`"{{${inner}}}" at position ${open} is not a placeholder: use a name like {{ticket.number}}`, open);
    if (open > at) parts.push({ kind: 'text', text: template.slice(at, open) });
    parts.push({ kind: 'placeholder', name, index: open });
    at = close + CLOSE.length;
  }
  if (at < template.length) parts.push({ kind: 'text', text: template.slice(at) });
  return parts;
}

/** The distinct placeholder names, in order of first use. */
export function placeholdersOf(template: string): string[] {
  const names = parseTemplate(template).flatMap((p) => (p.kind === 'placeholder' ? [p.name] : []));
  return [...new Set(names)];
}

/** Every reason the template cannot be saved: a syntax error, or each placeholder that is not in `known`. */
export function checkTemplate(template: string, known: PlaceholderSet): TemplateProblem[] {
  let names: string[];
  try {
    names = placeholdersOf(template);
  } catch (err) {
    if (err instanceof TemplateSyntaxError)
      return [{ code: 'TEMPLATE_SYNTAX', placeholder: template.slice(err.index, err.index + 40), message: err.message }];
    throw err;
  }
  return names
    .filter((n) => !isKnown(n, known))
    .map((n) => ({ code: 'UNKNOWN_PLACEHOLDER' as const, placeholder: n, message: `unknown placeholder {{${n}}}` }));
}

export function isKnown(name: string, known: PlaceholderSet): boolean {
  return known.names.includes(name) || (known.prefixes ?? []).some((p) => name.startsWith(p) && name.length > p.length);
}

/**
 * Fills the placeholders from `values`, a nested object looked up by the dotted name. A name with
 * no value (or null) renders as nothing: templates are checked at save time, and a process variable
 * that is not set yet must not stop a mail. Only own properties are read, so `{{constructor.name}}`
 * finds nothing rather than an object's prototype.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return parseTemplate(template)
    .map((part) => (part.kind === 'text' ? part.text : display(lookup(values, part.name))))
    .join('');
}

function lookup(values: Readonly<Record<string, unknown>>, name: string): unknown {
  let current: unknown = values;
  for (const segment of name.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  return String(value);
}
