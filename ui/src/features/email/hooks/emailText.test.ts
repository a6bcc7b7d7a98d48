import { describe, expect, it } from "vitest";
import {
  clockIn,
  firstName,
  hasOwnText,
  normalizeLink,
  signatureToHtml,
  signatureToText,
  splitAddresses,
  tomorrowAtEight,
  withSignature,
} from "./emailText";

describe("addresses", () => {
  it("splits at commas, semicolons and line ends, dropping blanks", () => {
    expect(splitAddresses(" a@x.example, b@x.example;c@x.example\n ; ")).toEqual([
      "a@x.example",
      "b@x.example",
      "c@x.example",
    ]);
    expect(splitAddresses("")).toEqual([]);
  });
});

describe("signatures", () => {
  it("become escaped HTML paragraphs with line breaks", () => {
    expect(signatureToHtml("Nikos <Sales>\nA & B\n\n\nCall me")).toBe(
      "<p>Nikos &lt;Sales&gt;<br>A &amp; B</p><p>Call me</p>",
    );
    expect(signatureToHtml("  \n \n")).toBe("");
  });

  it("come back as the text that was typed", () => {
    const text = "Nikos <Sales>\nA & B\n\nCall me";
    expect(signatureToText(signatureToHtml(text))).toBe(text);
    expect(signatureToText("")).toBe("");
    expect(signatureToText("Just text")).toBe("Just text");
  });
});

describe("bodies", () => {
  const signature = "<p>Nikos<br>Sales</p>";

  it("put the signature below a fresh email", () => {
    expect(withSignature("", signature)).toBe(`<p></p>${signature}`);
    expect(withSignature("<p>Hi</p>", signature)).toBe(`<p>Hi</p>${signature}`);
    expect(withSignature("<p>Hi</p>", "")).toBe("<p>Hi</p>");
  });

  it("tell the seller's own text from the signature", () => {
    expect(hasOwnText(`<p></p>${signature}`, signature)).toBe(false);
    expect(hasOwnText(`<p>Hello</p>${signature}`, signature)).toBe(true);
    expect(hasOwnText("<p></p>", "")).toBe(false);
    expect(hasOwnText("<p>Hello</p>", "")).toBe(true);
  });
});

describe("links", () => {
  it.each([
    ["example.com", "https://example.com"],
    ["  https://example.com/a ", "https://example.com/a"],
    ["http://example.com", "http://example.com"],
    ["maria@example.com", "mailto:maria@example.com"],
    ["mailto:maria@example.com", "mailto:maria@example.com"],
    ["tel:+302101234567", "tel:+302101234567"],
    ["intranet:8080/page", "https://intranet:8080/page"],
    ["javascript:alert(1)", null],
    ["", null],
  ])("%s -> %s", (typed, href) => {
    expect(normalizeLink(typed)).toBe(href);
  });
});

describe("times and names", () => {
  it("proposes tomorrow at 08:00 local time", () => {
    const at = tomorrowAtEight(new Date(2025, 5, 11, 22, 30));
    expect(at).toEqual(new Date(2025, 5, 12, 8, 0, 0, 0));
  });

  it("says a moment on the contact's clock, or the back end's words for an unknown zone", () => {
    const at = new Date("2025-06-16T05:00:00Z");
    expect(clockIn(at, "Europe/Athens", "en", "?")).toBe("Mon 08:00");
    expect(clockIn(at, "Nowhere/Unknown", "en", "Mon 08:00")).toBe("Mon 08:00");
  });

  it("calls the contact by their first name", () => {
    expect(firstName("Maria Papadopoulou")).toBe("Maria");
    expect(firstName(" Cher ")).toBe("Cher");
  });
});
