import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Article Markdown → HTML that is safe to put in a page. `marked` (maintained, CommonMark + GFM)
 * renders; it passes raw HTML through by design, so `sanitize-html` then keeps only an allow-list of
 * tags and attributes: no `<script>`, no `on*` handlers, no `javascript:` URLs. sanitize-html works on
 * a parser (htmlparser2) without a DOM, so the API needs no jsdom as DOMPurify would.
 */
const marked = new Marked({ gfm: true, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'h1', 'h2', 'del', 'input'],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    input: ['type', 'checked', 'disabled'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
};

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, ALLOWED);
}
