import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { VERSION } from "../../version.ts";
import { BlockedAddressError, guardedLookup, isPrivateAddress } from "./address-guard.ts";

/** A receiver must answer within this time. */
export const DELIVERY_TIMEOUT_MS = 10_000;
const SNIPPET_BYTES = 1024;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the Rapport-Signature header. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export type SendResult = {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  snippet: string | null;
  error: string | null;
};

/**
 * POSTs a signed JSON body; 2xx is success. Never throws: a refused address, a timeout or a
 * network error is a failed result with a message for the delivery log.
 */
export async function sendWebhook(input: {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  allowPrivate: boolean;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return { ok: false, status: null, latencyMs: 0, snippet: null, error: `Not a URL: ${input.url}` };
  }
  // The URL parser has already turned decimal, octal and hex IPv4 forms into dotted quads.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (!input.allowPrivate && isIP(literal) && isPrivateAddress(literal)) {
    return {
      ok: false,
      status: null,
      latencyMs: 0,
      snippet: null,
      error: `${literal} is a private or local address; webhooks may only call public addresses unless RAPPORT_ALLOW_PRIVATE_WEBHOOKS=true`,
    };
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<SendResult>((resolve) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup(input.allowPrivate),
        timeout: DELIVERY_TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(input.body),
          "user-agent": `Rapport-Webhooks/${VERSION}`,
          "rapport-event-id": input.eventId,
          "rapport-signature": signatureHeader(input.secret, input.body, timestamp),
        },
        // No redirects are followed: http.request does not, and a 3xx counts as a failure.
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < SNIPPET_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= SNIPPET_BYTES) response.destroy();
        });
        const finish = () => {
          const status = response.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve({
            ok,
            status,
            latencyMs: elapsed(),
            snippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString("utf8"),
            error: ok ? null : `The receiver answered ${status}`,
          });
        };
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    request.on("timeout", () =>
      request.destroy(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} seconds`)),
    );
    request.on("error", (error: Error & { code?: string }) => {
      const reason =
        error instanceof BlockedAddressError || error.code === "ECONNREFUSED" || !error.code
          ? error.message
          : `${error.code}: ${error.message}`;
      resolve({ ok: false, status: null, latencyMs: elapsed(), snippet: null, error: reason });
    });
    request.end(input.body);
  });
}
