/** Text made safe for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for the body of a <script type="application/json"> element. Every "<" is written as the
 * escape \u003c, which JSON.parse reads back unchanged: that rules out "</script" closing the
 * element early and also "<!--", which can put the HTML parser in a state where the real end tag
 * no longer closes it (escaping only "</" as "<\/" would miss that).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Text for one Markdown table cell or heading: one line, with the characters that would end a
 * cell (|), start HTML (<, >) or code, links or emphasis backslash-escaped (CommonMark allows
 * escaping any ASCII punctuation).
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/\r?\n|\r/g, ' ').replace(/[\\|<>`*[\]]/g, '\\$&');
}
