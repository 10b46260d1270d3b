/**
 * A one-pass scan over XML text that sees start and end tags with their namespace, without building
 * anything: enough to count elements before a full parse, so an upload over a limit is refused in
 * milliseconds instead of after seconds of moddle work. Every search moves forward with `indexOf`
 * (each remembered until the scan passes it), so the cost is linear in the length of the text and
 * there is no regular expression that could backtrack. It never throws on malformed XML; the real
 * parser reports that later.
 */
export interface StartTag {
  /** Namespace URI of the element's prefix (or of the default namespace), as declared so far. */
  namespace: string | undefined;
  localName: string;
  selfClosing: boolean;
  /** The attribute text is `xml.slice(attributesFrom, attributesTo)`; read it with {@link attributeValue}. */
  attributesFrom: number;
  attributesTo: number;
}

export interface TagVisitor {
  start(tag: StartTag): void;
  end?(namespace: string | undefined, localName: string): void;
}

/**
 * Namespace declarations are collected document-wide as they appear rather than scoped per element:
 * BPMN and DMN files declare them on the root, and an upper bound is all a pre-scan needs.
 */
export function scanStartTags(xml: string, visitor: TagVisitor): void {
  const prefixes = new Map<string, string>();
  const next = {
    gt: new NextIndex(xml, '>'),
    quote: new NextIndex(xml, '"'),
    apostrophe: new NextIndex(xml, "'"),
    xmlns: new NextIndex(xml, 'xmlns'),
  };
  let at = xml.indexOf('<');
  while (at !== -1 && at < xml.length - 1) {
    const second = xml.charCodeAt(at + 1);
    if (second === QUESTION) {
      at = skipPast(xml, at + 2, '?>');
    } else if (second === BANG) {
      if (xml.startsWith('<!--', at)) at = skipPast(xml, at + 4, '-->');
      else if (xml.startsWith('<![CDATA[', at)) at = skipPast(xml, at + 9, ']]>');
      else at = skipPast(xml, at + 2, '>');
    } else if (second === SLASH) {
      const close = next.gt.after(at + 2);
      if (close === -1) return;
      const [prefix, localName] = splitName(xml.slice(at + 2, close).trim());
      visitor.end?.(prefixes.get(prefix), localName);
      at = close + 1;
    } else {
      const close = tagEnd(next, at + 1);
      if (close === -1) return;
      const selfClosing = xml.charCodeAt(close - 1) === SLASH;
      const attributesTo = selfClosing ? close - 1 : close;
      const nameEnd = nameEndOf(xml, at + 1, attributesTo);
      const declaration = next.xmlns.after(nameEnd);
      if (declaration !== -1 && declaration < attributesTo) declareNamespaces(xml.slice(nameEnd, attributesTo), prefixes);
      const [prefix, localName] = splitName(xml.slice(at + 1, nameEnd));
      visitor.start({ namespace: prefixes.get(prefix), localName, selfClosing, attributesFrom: nameEnd, attributesTo });
      at = close + 1;
    }
    if (at === -1) return;
    at = xml.indexOf('<', at);
  }
}

/** The value of one attribute of a start tag the scan reported, or undefined. */
export function attributeValue(xml: string, tag: StartTag, name: string): string | undefined {
  for (const [key, value] of attributePairs(xml.slice(tag.attributesFrom, tag.attributesTo))) if (key === name) return value;
  return undefined;
}

// ---------------------------------------------------------------------------------------------

const QUESTION = 0x3f;
const BANG = 0x21;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/**
 * The next occurrence of a needle at or after a position that only ever grows: one `indexOf` answer
 * serves every later question until the scan passes it, and "none left" stays true.
 */
class NextIndex {
  private found = -2;
  constructor(
    private readonly xml: string,
    private readonly needle: string,
  ) {}

  after(position: number): number {
    if (this.found !== -1 && this.found < position) this.found = this.xml.indexOf(this.needle, position);
    return this.found;
  }
}

type Searches = { gt: NextIndex; quote: NextIndex; apostrophe: NextIndex };

/** Index just past `terminator`, or -1 when the text ends first. */
function skipPast(xml: string, from: number, terminator: string): number {
  const found = xml.indexOf(terminator, from);
  return found === -1 ? -1 : found + terminator.length;
}

/** The `>` that ends a start tag; one inside a quoted attribute value does not. */
function tagEnd(next: Searches, from: number): number {
  let position = from;
  for (;;) {
    const gt = next.gt.after(position);
    if (gt === -1) return -1;
    const quote = next.quote.after(position);
    const apostrophe = next.apostrophe.after(position);
    const opening = quote === -1 ? apostrophe : apostrophe === -1 ? quote : Math.min(quote, apostrophe);
    if (opening === -1 || opening > gt) return gt;
    const closing = (opening === quote ? next.quote : next.apostrophe).after(opening + 1);
    if (closing === -1) return -1;
    position = closing + 1;
  }
}

function nameEndOf(xml: string, from: number, to: number): number {
  let i = from;
  while (i < to && !isSpace(xml.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function splitName(qualified: string): [prefix: string, localName: string] {
  const colon = qualified.indexOf(':');
  return colon === -1 ? ['', qualified] : [qualified.slice(0, colon), qualified.slice(colon + 1)];
}

function declareNamespaces(attributes: string, prefixes: Map<string, string>): void {
  for (const [key, value] of attributePairs(attributes)) {
    if (key === 'xmlns') prefixes.set('', value);
    else if (key.startsWith('xmlns:')) prefixes.set(key.slice(6), value);
  }
}

/** `name="value"` pairs, read left to right; stops at the first thing that is not one. */
function* attributePairs(attributes: string): Generator<[string, string]> {
  let i = 0;
  while (i < attributes.length) {
    const eq = attributes.indexOf('=', i);
    if (eq === -1) return;
    const key = attributes.slice(i, eq).trim();
    let q = eq + 1;
    while (q < attributes.length && isSpace(attributes.charCodeAt(q))) q++;
    const quote = attributes.charCodeAt(q);
    if (quote !== QUOTE && quote !== APOSTROPHE) return;
    const closing = attributes.indexOf(quote === QUOTE ? '"' : "'", q + 1);
    if (closing === -1) return;
    yield [key, attributes.slice(q + 1, closing)];
    i = closing + 1;
  }
}
