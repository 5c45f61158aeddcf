import { describe, expect, it } from "vitest";
import { hasVisibleText, sanitizeRichText } from "./sanitize-html.ts";

describe("sanitizeRichText", () => {
  it("keeps the allowed formatting", () => {
    const html =
      "<h1>Plan</h1><h2>a</h2><h3>b</h3><p>Call <b>Ada</b> <strong>now</strong>, <i>then</i> <em>Alan</em> <u>u</u> <s>s</s><br></p>" +
      "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quote</blockquote><pre><code>x = 1</code></pre>";
    expect(sanitizeRichText(html)).toBe(html.replace("<br>", "<br />"));
  });

  it.each([
    ["<p>Hi <script>alert(1)</script>there</p>", "<p>Hi there</p>"],
    ['<img src=x onerror="alert(1)"><p onclick="steal()">para</p>', "<p>para</p>"],
    ["<svg><script>alert(1)</script></svg>ok", "ok"],
    ['<style>p{}</style><p style="color:red">t</p>', "<p>t</p>"],
    ['<iframe src="https://evil.example"></iframe>text', "text"],
    ['<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "x"],
    ["<!-- <script>alert(1)</script> -->ok", "ok"],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', null],
    ['<form><button formaction="javascript:alert(1)">x</button></form>', "x"],
    ["<h4>four</h4><table><tr><td>cell</td></tr></table>", "fourcell"],
    ["<<script>script>alert(1)<</script>/script>", "&lt;/script&gt;"],
    ["<P><B>UP</B></P>", "<p><b>UP</b></p>"],
    ["a < b & c > d", "a &lt; b &amp; c &gt; d"],
  ])("strips %s", (input, expected) => {
    expect(sanitizeRichText(input)).toBe(expected);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example/path",
  ])("drops the link target %s but keeps the text", (href) => {
    expect(sanitizeRichText(`<a href="${href}">click</a>`)).toBe('<a rel="noopener noreferrer">click</a>');
  });

  it("keeps http, https and mailto links, with rel=noopener noreferrer and nothing else", () => {
    expect(
      sanitizeRichText(
        '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="opener" style="x" onmouseover="y()">ok</a>',
      ),
    ).toBe('<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">ok</a>');
    expect(sanitizeRichText('<a href="http://example.com">h</a>')).toBe(
      '<a href="http://example.com" rel="noopener noreferrer">h</a>',
    );
    expect(sanitizeRichText('<a href="mailto:ada@example.com">mail</a>')).toBe(
      '<a href="mailto:ada@example.com" rel="noopener noreferrer">mail</a>',
    );
  });

  it("turns nothing into null", () => {
    expect(sanitizeRichText(null)).toBeNull();
    expect(sanitizeRichText(undefined)).toBeNull();
    expect(sanitizeRichText("   ")).toBeNull();
    expect(sanitizeRichText("<script>x</script>")).toBeNull();
  });

  it("tells markup from visible text", () => {
    expect(hasVisibleText("<p></p><br />")).toBe(false);
    expect(hasVisibleText("<p>&nbsp;</p>")).toBe(false);
    expect(hasVisibleText(null)).toBe(false);
    expect(hasVisibleText("<p>x</p>")).toBe(true);
  });
});
