import sanitize from "sanitize-html";

/**
 * The rich text users write in notes and emails: formatting, lists, quotes, code and links.
 * Anything else — scripts, styles, event handlers, images, frames, forms — is removed.
 */
const OPTIONS: sanitize.IOptions = {
  allowedTags: [
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
  ],
  allowedAttributes: { a: ["href", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // The text inside removed elements stays, except where it is code or markup rather than prose.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "template", "iframe", "xmp"],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href ? { href: attribs.href } : {}),
        rel: "noopener noreferrer",
      },
    }),
  },
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

/** Rich text reduced to the allow-listed HTML; null and blank input give null. */
export function sanitizeRichText(html: string | null | undefined): string | null {
  if (html === null || html === undefined) return null;
  const clean = sanitize(html, OPTIONS).trim();
  return clean === "" ? null : clean;
}

/** Whether sanitized rich text has anything a reader would see (text, not just empty tags). */
export function hasVisibleText(html: string | null): boolean {
  if (!html) return false;
  return sanitize(html, { allowedTags: [], allowedAttributes: {} }).replace(/&nbsp;|\s/g, "").length > 0;
}
