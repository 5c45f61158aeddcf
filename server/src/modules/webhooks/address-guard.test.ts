import { describe, expect, it } from "vitest";
import { guardedLookup, isPrivateAddress } from "./address-guard.ts";
import { sendWebhook } from "./send-webhook.ts";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "[::1]",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "0:0:0:0:0:ffff:a00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "allows %s",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe("the guard on real requests", () => {
  const send = (url: string) =>
    sendWebhook({ url, secret: "s", eventId: crypto.randomUUID(), body: "{}", allowPrivate: false });

  // The URL parser turns decimal, hex and octal IPv4 forms into dotted quads before the check.
  it.each([
    "http://127.0.0.1:9/",
    "http://2130706433:9/",
    "http://0x7f000001:9/",
    "http://0177.0.0.1:9/",
    "http://[::1]:9/",
    "http://[::ffff:127.0.0.1]:9/",
    "http://169.254.169.254/latest/meta-data",
  ])("refuses %s before connecting", async (url) => {
    const result = await send(url);
    expect(result.ok).toBe(false);
    expect(result.error).toContain("private or local address");
  });

  it("refuses a host name that resolves to a private address", async () => {
    const result = await send("http://localhost:9/");
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/localhost resolves to a private or local address/);
  });

  it("hands the socket the address it checked", async () => {
    const lookup = guardedLookup(false);
    const answer = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookup("localhost", { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(answer.error?.message).toContain("RAPPORT_ALLOW_PRIVATE_WEBHOOKS");
    const allowed = await new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      guardedLookup(true)("localhost", { all: true }, (error, address) => resolve({ error, address })),
    );
    expect(allowed.error).toBeNull();
    expect(allowed.address).toEqual(
      expect.arrayContaining([expect.objectContaining({ family: expect.any(Number) })]),
    );
  });
});
