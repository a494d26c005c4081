/**
 * MarkupSafe's escaping rules and its "safe HTML" marker, shared by every kolba package.
 *
 * Anything with a callable `__html__()` counts as already-safe HTML (the duck-typed protocol
 * MarkupSafe, Jinja and Werkzeug all honour), so values marked safe in one package are never
 * escaped twice by another.
 */

/**
 * An object that renders itself as safe HTML (MarkupSafe's `__html__` protocol).
 *
 * @example
 * ```ts
 * const icon: HtmlSafe = { __html__: () => '<svg></svg>' };
 * ```
 */
export interface HtmlSafe {
  __html__(): string;
}

/**
 * True when `value` follows the `__html__` protocol and must not be escaped again.
 *
 * @example
 * ```ts
 * isHtmlSafe(new Markup('<b>hi</b>')); // true
 * isHtmlSafe('<b>hi</b>');             // false
 * ```
 */
export function isHtmlSafe(value: unknown): value is HtmlSafe {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { __html__?: unknown }).__html__ === 'function'
  );
}

// MarkupSafe escapes exactly these five characters, with numeric entities for the quotes
// (`&#34;`, `&#39;`), not `&quot;`: Werkzeug's error bodies depend on the exact bytes.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const ESCAPE_RE = /[&<>"']/g;

function escapeString(text: string): string {
  return text.replace(ESCAPE_RE, (ch) => ESCAPES[ch] as string);
}

/**
 * A string marked as safe HTML (MarkupSafe's `Markup`). Concatenating with `concat` or `join`
 * escapes every operand that is not itself safe.
 *
 * @example
 * ```ts
 * const html = new Markup('<em>%s</em>');
 * html.toString();                          // '<em>%s</em>'
 * new Markup('<p>').concat('a & b', new Markup('</p>')).toString(); // '<p>a &amp; b</p>'
 * ```
 */
export class Markup implements HtmlSafe {
  readonly #html: string;

  /** Wraps `html` (or another safe object's `__html__()`) without escaping it. */
  constructor(html: unknown = '') {
    this.#html = isHtmlSafe(html) ? String(html.__html__()) : String(html);
  }

  /** Escapes `value` unless it is already safe. Same as the module-level {@link escape}. */
  static escape(value: unknown): Markup {
    return escape(value);
  }

  /** The safe HTML text. */
  __html__(): string {
    return this.#html;
  }

  /** The safe HTML text, so template engines and string concatenation print it verbatim. */
  toString(): string {
    return this.#html;
  }

  /** Same as `toString()`, for `JSON.stringify` and loose comparisons. */
  toJSON(): string {
    return this.#html;
  }

  /** Length of the HTML text. */
  get length(): number {
    return this.#html.length;
  }

  /** Appends `parts`, escaping the ones that are not safe (MarkupSafe's `Markup + str`). */
  concat(...parts: unknown[]): Markup {
    return new Markup(this.#html + parts.map((p) => escape(p).__html__()).join(''));
  }

  /** Joins `parts` with this markup as separator, escaping unsafe parts (MarkupSafe's `join`). */
  join(parts: Iterable<unknown>): Markup {
    return new Markup(Array.from(parts, (p) => escape(p).__html__()).join(this.#html));
  }

  /** Removes tags and comments and collapses whitespace (MarkupSafe's `striptags`). */
  striptags(): string {
    const text = this.#html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '');
    return unescapeHtml(text.split(/\s+/).filter(Boolean).join(' '));
  }

  /** Converts entities back to characters (MarkupSafe's `unescape`). */
  unescape(): string {
    return unescapeHtml(this.#html);
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Escapes `value` for HTML with MarkupSafe's rules (`& < > " '` → `&amp; &lt; &gt; &#34; &#39;`).
 * Safe values (a {@link Markup} or any object with `__html__()`) are returned unescaped.
 * Other values are converted with `String(value)` first (so `null` → `"null"`, the JS analogue
 * of MarkupSafe's `"None"`).
 *
 * @example
 * ```ts
 * escape('<script>"x"</script>').toString(); // '&lt;script&gt;&#34;x&#34;&lt;/script&gt;'
 * escape(new Markup('<b>ok</b>')).toString(); // '<b>ok</b>'
 * ```
 */
export function escape(value: unknown): Markup {
  if (value instanceof Markup) return value;
  if (isHtmlSafe(value)) return new Markup(String(value.__html__()));
  return new Markup(escapeString(String(value)));
}
