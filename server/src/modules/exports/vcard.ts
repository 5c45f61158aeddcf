import type { ContactDto } from "@rapport/core";

/** Escapes a vCard text value (RFC 6350 §3.4): backslash, comma, semicolon and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/,/g, "\\,")
    .replace(/;/g, "\\;")
    .replace(/\r?\n|\r/g, "\\n");
}

/** Folds a content line at 75 octets (RFC 6350 §3.2), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

const EMAIL_TYPES = new Set(["work", "home"]);
const PHONE_TYPES: Record<string, string> = {
  work: "work",
  home: "home",
  mobile: "cell",
  cell: "cell",
  fax: "fax",
  pager: "pager",
  voice: "voice",
  text: "text",
  video: "video",
};

/** The TYPE parameter for a label: a vCard type when one fits, else an x- name keeping the label. */
function typeParam(label: string | null, known: (l: string) => string | undefined): string {
  if (!label) return "";
  const lower = label.trim().toLowerCase();
  const type = known(lower) ?? `x-${lower.replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "")}`;
  return type === "x-" ? "" : `;TYPE=${type}`;
}

/**
 * One contact as a vCard 4.0 (RFC 6350), CRLF line endings, folded. Fields the exporting role hides
 * are missing from the contact, and so from the card.
 */
export function contactToVcard(
  contact: Partial<ContactDto> & Pick<ContactDto, "id" | "displayName" | "updatedAt">,
  organization: string | null,
): string {
  const lines = ["BEGIN:VCARD", "VERSION:4.0", `UID:urn:uuid:${contact.id}`];
  lines.push(`FN:${escapeText(contact.displayName)}`);
  lines.push(`N:${escapeText(contact.lastName ?? "")};${escapeText(contact.firstName ?? "")};;;`);
  for (const e of contact.emails ?? []) {
    const pref = e.primary ? ";PREF=1" : "";
    const type = typeParam(e.label, (l) => (EMAIL_TYPES.has(l) ? l : undefined));
    lines.push(`EMAIL${type}${pref}:${escapeText(e.value)}`);
  }
  for (const p of contact.phones ?? []) {
    const pref = p.primary ? ";PREF=1" : "";
    const type = typeParam(p.label, (l) => PHONE_TYPES[l]);
    lines.push(
      p.e164
        ? `TEL;VALUE=uri${type}${pref}:tel:${p.e164}`
        : `TEL;VALUE=text${type}${pref}:${escapeText(p.value)}`,
    );
  }
  if (organization) lines.push(`ORG:${escapeText(organization)}`);
  if (contact.jobTitle) lines.push(`TITLE:${escapeText(contact.jobTitle)}`);
  const a = contact.address;
  if (a && (a.street || a.city || a.region || a.postalCode || a.country)) {
    const parts = [a.street, a.city, a.region, a.postalCode, a.country].map((v) => escapeText(v ?? ""));
    lines.push(`ADR:;;${parts.join(";")}`);
  }
  if (contact.birthday) lines.push(`BDAY:${contact.birthday.replace(/-/g, "")}`);
  if (contact.tags?.length) lines.push(`CATEGORIES:${contact.tags.map(escapeText).join(",")}`);
  if (contact.description) lines.push(`NOTE:${escapeText(contact.description)}`);
  for (const [network, url] of Object.entries(contact.social ?? {})) {
    lines.push(`URL;TYPE=${typeParam(network, () => undefined).slice(6) || "x-social"}:${escapeText(url)}`);
  }
  lines.push(`REV:${contact.updatedAt.replace(/[-:]/g, "").replace(/\.\d+/, "")}`);
  lines.push("END:VCARD");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
