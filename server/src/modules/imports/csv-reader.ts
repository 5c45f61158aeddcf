import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { AppError } from "../../platform/errors.ts";

export type CsvShape = { encoding: string; delimiter: string };

// Bytes looked at to tell the encoding and the delimiter.
const SNIFF_BYTES = 64 * 1024;
const DELIMITERS = [",", ";", "\t"] as const;

/** Refuses a file that is not text: NUL bytes outside UTF-16, or many control characters. */
function assertText(sample: Buffer) {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) {
      throw new AppError(
        "unsupported_media_type",
        "This file is not a CSV text file (it contains binary data). Export your contacts as CSV and upload that file.",
      );
    }
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.05) {
    throw new AppError(
      "unsupported_media_type",
      "This file is not a CSV text file (it contains binary data). Export your contacts as CSV and upload that file.",
    );
  }
}

/**
 * The encoding of a file from its first bytes: a BOM (UTF-8, UTF-16 LE/BE), UTF-16 without a BOM
 * (every other byte NUL), UTF-8 when the sample decodes as such, else Windows-1252 (what Excel on
 * Windows writes).
 */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8";
  if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
  if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
  if (sample.length >= 4 && sample[1] === 0 && sample[3] === 0 && sample[0] !== 0) return "utf-16le";
  if (sample.length >= 4 && sample[0] === 0 && sample[2] === 0 && sample[1] !== 0) return "utf-16be";
  assertText(sample);
  try {
    // `stream: true`: a character cut at the end of the sample is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** The delimiter that splits the first lines (outside quotes) into the most, equally many, fields. */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if ((ch === "\n" || ch === "\r") && !quoted) {
      if (current.length > 0) lines.push(current);
      current = "";
      if (lines.length >= 10) break;
      continue;
    }
    current += ch;
  }
  if (current.length > 0 && lines.length < 10) lines.push(current);
  let best: string = ",";
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => {
      let n = 0;
      let q = false;
      for (const ch of line) {
        if (ch === '"') q = !q;
        else if (ch === delimiter && !q) n++;
      }
      return n;
    });
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    // Lines agreeing with the header count more than a high count on one line.
    const agreeing = counts.filter((c) => c === first).length;
    const score = agreeing * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

/** Reads the first bytes of a stream and gives them back with the rest, unread. */
async function peek(stream: AsyncIterable<Buffer>, bytes: number) {
  const iterator = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  const sample = Buffer.concat(head);
  async function* rest() {
    yield sample;
    if (done) return;
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { sample, rest: rest() };
}

/** Decodes byte chunks to text; bytes that are not valid in `encoding` stop the import with a message. */
async function* decode(chunks: AsyncIterable<Buffer>, encoding: string) {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  for await (const chunk of chunks) {
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new AppError(
        "validation_failed",
        `The file is not valid ${encoding.toUpperCase()} text after byte ${offset} (it mixes encodings). Save it again as "CSV UTF-8" and upload it again.`,
      );
    }
    offset += chunk.length;
  }
  const last = decoder.decode();
  if (last) yield last;
}

export type CsvRow = { rowNo: number; cells: string[]; error: string | null };

/**
 * Reads a CSV stream row by row without holding it: detects its encoding and delimiter, reads the
 * header, and yields each data row with an error when its number of values differs from the
 * header's. Quoted values may hold delimiters, quotes and newlines.
 */
export async function readCsv(input: AsyncIterable<Buffer> | Readable) {
  const { sample, rest } = await peek(input as AsyncIterable<Buffer>, SNIFF_BYTES);
  if (sample.length === 0) {
    throw new AppError("validation_failed", "The file is empty. Export your records with a header row.");
  }
  const encoding = detectEncoding(sample.subarray(0, SNIFF_BYTES));
  const sampleText = new TextDecoder(encoding).decode(sample.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(sampleText);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: 1024 * 1024,
  });
  const text = decode(rest, encoding);
  // Feed the parser from the decoded text, respecting its back-pressure.
  const feeding = (async () => {
    try {
      for await (const piece of text) {
        if (!parser.write(piece)) await new Promise((resolve) => parser.once("drain", resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await nextRecord(records);
  if (first.done) {
    throw new AppError("validation_failed", "The file has no header row. Export your records with one.");
  }
  const headers = first.value.map((h) => h.trim());
  if (headers.every((h) => h === "")) {
    throw new AppError(
      "validation_failed",
      "The first row of the file is empty; it should name the columns.",
    );
  }
  async function* rows(): AsyncGenerator<CsvRow> {
    let rowNo = 0;
    while (true) {
      const next = await nextRecord(records);
      if (next.done) break;
      rowNo++;
      const cells = next.value;
      const error =
        cells.length === headers.length
          ? null
          : `This row has ${cells.length} values; the header has ${headers.length} columns (a missing or extra delimiter, or an unclosed quote)`;
      yield { rowNo, cells, error };
    }
    await feeding;
  }
  return { shape: { encoding, delimiter } satisfies CsvShape, headers, rows: rows() };
}

async function nextRecord(records: AsyncIterator<string[]>) {
  try {
    return await records.next();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      "validation_failed",
      `The file could not be read as CSV: ${(error as Error).message}. Check that quotes are closed.`,
    );
  }
}
