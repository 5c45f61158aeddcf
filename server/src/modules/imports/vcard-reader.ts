import ICAL from "ical.js";
import type { CreateContactInput } from "../contacts/contact.service.ts";
import type { MappedContact } from "./map-row.ts";

/** vCard files are read whole (ical.js parses text); contact exports are far below this. */
export const VCARD_MAX_BYTES = 50 * 1024 * 1024;

/** Whether the first bytes of a file look like a vCard (any encoding of BEGIN:VCARD). */
export function isVcard(head: Buffer): boolean {
  const text = head.subarray(0, 200).toString("latin1").replace(/\0/g, "").replace(/^\W+/, "");
  return /^BEGIN:VCARD/i.test(text);
}

function decodeFile(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, "utf-8"));
  }
  try {
    return new TextDecoder(charset, { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return new TextDecoder("windows-1252").decode(Uint8Array.from(bytes));
  }
}

// Property names whose value is a list of components separated by ";" (escaped on re-encoding).
const STRUCTURED = new Set(["N", "ADR", "ORG"]);

/**
 * Rewrites vCard 2.1 lines into the 3.0 form ical.js reads: unfolds lines (including
 * quoted-printable soft breaks), decodes quoted-printable values with their CHARSET, and turns bare
 * parameters (`TEL;WORK;VOICE`) into `TYPE=` ones. 3.0 and 4.0 lines pass through unfolded.
 */
export function normalizeVcardText(text: string): string {
  const raw = text.replace(/^\uFEFF/, "").split(/\r*\n|\r/);
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!;
    if (/^[ \t]/.test(line) && lines.length > 0) {
      lines[lines.length - 1] += line.slice(1);
      continue;
    }
    const head = line.split(":")[0] ?? "";
    if (/ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE/i.test(head)) {
      while (line.endsWith("=") && i + 1 < raw.length) line = line.slice(0, -1) + raw[++i]!;
    }
    // vCard 2.1 base64 (a photo) runs on over unindented lines up to a blank one.
    if (/ENCODING=BASE64|;BASE64/i.test(head)) {
      while (i + 1 < raw.length && /^[A-Za-z0-9+/=]+$/.test(raw[i + 1]!.trim())) line += raw[++i]!.trim();
    }
    lines.push(line);
  }
  return lines
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const colon = line.indexOf(":");
      if (colon < 0) return line;
      const [name, ...params] = line.slice(0, colon).split(";");
      let value = line.slice(colon + 1);
      let charset = "utf-8";
      let qp = false;
      const kept: string[] = [];
      const types: string[] = [];
      for (const p of params) {
        const [k, v] = p.includes("=")
          ? [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]
          : [null, p];
        const key = k?.toUpperCase() ?? null;
        if (key === "CHARSET") charset = v.toLowerCase();
        else if ((key === "ENCODING" || key === null) && v.toUpperCase() === "QUOTED-PRINTABLE") qp = true;
        else if ((key === "ENCODING" || key === null) && v.toUpperCase() === "BASE64")
          kept.push("ENCODING=b");
        else if (key === null || key === "TYPE") types.push(v);
        else kept.push(p);
      }
      if (qp) {
        const base = name!.replace(/^.*\./, "").toUpperCase();
        const parts = STRUCTURED.has(base) ? value.split(";") : [value];
        value = parts
          .map((part) => decodeQuotedPrintable(part, charset).replace(/\\/g, "\\\\").replace(/\r?\n/g, "\\n"))
          .map((part) => (STRUCTURED.has(base) ? part.replace(/;/g, "\\;") : part))
          .join(";");
      }
      if (types.length > 0) kept.unshift(`TYPE=${types.join(",")}`);
      return `${[name, ...kept].join(";")}:${value}`;
    })
    .join("\r\n");
}

/** Splits a file into its cards' text, so one broken card does not lose the others. */
function splitCards(text: string): string[] {
  const cards: string[] = [];
  let current: string[] | null = null;
  for (const line of text.split("\r\n")) {
    if (/^BEGIN:VCARD$/i.test(line.trim())) current = [line];
    else if (current) {
      current.push(line);
      if (/^END:VCARD$/i.test(line.trim())) {
        cards.push(current.join("\r\n"));
        current = null;
      }
    }
  }
  return cards;
}

const LABELS = ["work", "home", "cell", "mobile", "fax", "pager", "other", "main", "iphone"];

function typesOf(property: ICAL.Property): string[] {
  return [property.getParameter("type")]
    .flat()
    .flatMap((t) => String(t ?? "").split(","))
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

function labelOf(property: ICAL.Property): string | null {
  const label = typesOf(property).find((t) => LABELS.includes(t));
  return label === "cell" || label === "iphone" ? "mobile" : (label ?? null);
}

const isPreferred = (property: ICAL.Property) =>
  typesOf(property).includes("pref") || property.getParameter("pref") !== undefined;
function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(" ");
  return typeof value === "string" ? value.trim() : value == null ? "" : String(value).trim();
}

function bday(value: unknown): string | null {
  const s = text(value);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** One card as a contact; photos are counted but not stored (contacts have no picture yet). */
function cardToContact(card: ICAL.Component): { mapped: MappedContact; hasPhoto: boolean } {
  const input: CreateContactInput = {};
  const n = card.getFirstPropertyValue("n") as unknown;
  if (Array.isArray(n)) {
    input.lastName = text(n[0]) || null;
    input.firstName = [text(n[1]), text(n[2])].filter(Boolean).join(" ") || null;
  }
  if (!input.firstName && !input.lastName) {
    const fn = text(card.getFirstPropertyValue("fn"));
    if (fn) {
      const words = fn.split(/\s+/);
      input.firstName = words.length > 1 ? words.slice(0, -1).join(" ") : fn;
      input.lastName = words.length > 1 ? words.at(-1)! : null;
    }
  }
  const labeled = (name: string) => {
    const props = card.getAllProperties(name);
    const values = props
      .map((p) => ({
        value: text(p.getFirstValue()).replace(/^(mailto|tel):/i, ""),
        label: labelOf(p),
        pref: isPreferred(p),
      }))
      .filter((v) => v.value);
    const seen = new Set<string>();
    const unique = values.filter((v) => !seen.has(v.value.toLowerCase()) && seen.add(v.value.toLowerCase()));
    const primary = Math.max(
      0,
      unique.findIndex((v) => v.pref),
    );
    return unique.slice(0, 20).map((v, i) => ({ value: v.value, label: v.label, primary: i === primary }));
  };
  const emails = labeled("email");
  const phones = labeled("tel");
  if (emails.length > 0) input.emails = emails;
  if (phones.length > 0) input.phones = phones;
  const title = text(card.getFirstPropertyValue("title"));
  if (title) input.jobTitle = title;
  const note = text(card.getFirstPropertyValue("note"));
  if (note) input.description = note;
  const birthday = bday(card.getFirstPropertyValue("bday"));
  if (birthday) input.birthday = birthday;
  const adr = card.getFirstPropertyValue("adr") as unknown;
  if (Array.isArray(adr)) {
    const [, , street, city, region, postalCode, country] = adr.map(text);
    const address = Object.fromEntries(
      Object.entries({ street, city, region, postalCode, country }).filter(([, v]) => v),
    );
    if (Object.keys(address).length > 0) input.address = address;
  }
  const categories = card
    .getAllProperties("categories")
    .flatMap((p) => p.getValues().map(text))
    .flatMap((c) => c.split(","))
    .map((c) => c.trim())
    .filter(Boolean);
  if (categories.length > 0) input.tags = [...new Set(categories)];
  const org = card.getFirstPropertyValue("org") as unknown;
  const companyName = (Array.isArray(org) ? text(org[0]) : text(org)) || null;
  return {
    mapped: {
      input,
      companyName,
      companyDomain: null,
      matchValue: emails[0]?.value.toLowerCase() ?? null,
    },
    hasPhoto: card.hasProperty("photo"),
  };
}

export type ReadCard = { mapped: MappedContact | null; raw: string; error: string | null; hasPhoto: boolean };

/** Reads every card of a vCard 2.1, 3.0 or 4.0 file; a card that cannot be read is kept with the reason. */
export function readVcards(bytes: Buffer): { encoding: string; contacts: ReadCard[] } {
  const { text: decoded, encoding } = decodeFile(bytes);
  const cards = splitCards(normalizeVcardText(decoded));
  return {
    encoding,
    contacts: cards.map((raw) => {
      try {
        const component = new ICAL.Component(ICAL.parse(raw) as unknown as unknown[]);
        const { mapped, hasPhoto } = cardToContact(component);
        const input = mapped.input;
        if (!input.firstName && !input.lastName && !input.emails && !input.phones) {
          return { mapped: null, raw, error: "The card has no name, email or phone", hasPhoto };
        }
        return { mapped, raw, error: null, hasPhoto };
      } catch (error) {
        return {
          mapped: null,
          raw,
          error: `The card could not be read: ${(error as Error).message}`,
          hasPhoto: false,
        };
      }
    }),
  };
}
