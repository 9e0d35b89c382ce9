/**
 * SVG as text, safely: every text and attribute value is escaped, and characters XML 1.0 cannot
 * hold are left out, so a scenario's title or a message id from an imported file or a link (say
 * `<script>` or `"><image href=…`) is only ever text in the file, and the file always parses.
 */

export type Attrs = Record<string, string | number | undefined>;

/** Control characters, lone surrogates and U+FFFE/U+FFFF: not allowed anywhere in an XML document. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as XML character data or an attribute value (quoted with "). */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/** Numbers kept short: a diagram has thousands of coordinates. */
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * One element: `tag` and attribute names are the builder's own (never from input); values and
 * text are escaped; `children` are markup made by `el` itself.
 */
export function el(tag: string, attrs: Attrs, ...children: string[]): string {
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    open += ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${tag}>`;
}

/** A `<text>` element holding `content` as text. */
export function textEl(attrs: Attrs, content: string): string {
  return el('text', attrs, escapeXml(content));
}
