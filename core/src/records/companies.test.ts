import { describe, expect, it } from "vitest";
import { normalizeDomain } from "./companies.ts";

describe("normalizeDomain", () => {
  it.each([
    ["https://www.Acme.com/about", "acme.com"],
    ["  ACME.com.  ", "acme.com"],
    ["http://acme.io:8443/path?q=1#top", "acme.io"],
    ["acme.co.uk/", "acme.co.uk"],
    ["www.sub.acme.com", "sub.acme.com"],
    ["München.de", "xn--mnchen-3ya.de"],
    ["xn--mnchen-3ya.de", "xn--mnchen-3ya.de"],
  ])("normalises %j to %s", (raw, domain) => {
    expect(normalizeDomain(raw)).toBe(domain);
  });

  it.each([
    "",
    "localhost",
    "acme",
    "192.168.0.1",
    "not a domain",
    "-acme.com",
    "someone@acme.com",
    "https://",
    "acme.c0m",
  ])("refuses %j", (raw) => {
    expect(normalizeDomain(raw)).toBeUndefined();
  });
});
