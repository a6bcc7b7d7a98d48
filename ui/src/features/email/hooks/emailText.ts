/** Addresses, signatures and bodies as the composer and Settings → Email handle them. */

/** The addresses typed in To or Cc: separated by commas, semicolons or line ends. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

/** Addresses as To and Cc show them. */
export function joinAddresses(addresses: string[]): string {
  return addresses.join(", ");
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * The signature the seller typed, as the simple HTML it is kept in: escaped, a paragraph
 * for every block separated by an empty line, line ends as `<br>`. Nothing typed: "".
 */
export function signatureToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((block) => block.replace(/^\n+|\s+$/g, ""))
    .filter((block) => block.trim() !== "")
    .map((block) => `<p>${block.split("\n").map(escapeHtml).join("<br>")}</p>`)
    .join("");
}

/** The text of some HTML, as a browser would show it without layout. */
function textOf(html: string): string {
  if (html === "") return "";
  const doc = new DOMParser().parseFromString(html, "text/html");
  return doc.body.textContent ?? "";
}

/** A kept signature (HTML) back to the text the seller edits: paragraphs, line ends. */
export function signatureToText(html: string): string {
  if (html.trim() === "") return "";
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.body.querySelectorAll("br").forEach((br) => br.replaceWith("\n"));
  const blocks = [...doc.body.children].filter((el) => el.tagName === "P" || el.tagName === "DIV");
  if (blocks.length === 0) return (doc.body.textContent ?? "").trim();
  return blocks
    .map((el) => el.textContent ?? "")
    .join("\n\n")
    .trim();
}

/**
 * Whether the body holds text the seller wrote: anything but the signature added below it.
 */
export function hasOwnText(bodyHtml: string, signatureHtml: string): boolean {
  const body = textOf(bodyHtml).replace(/\s+/g, " ").trim();
  const signature = textOf(signatureHtml).replace(/\s+/g, " ").trim();
  if (signature !== "" && body.endsWith(signature)) {
    return body.slice(0, body.length - signature.length).trim() !== "";
  }
  return body !== "";
}

/** A fresh email's body: an empty paragraph to write in, the signature below it. */
export function withSignature(bodyHtml: string, signatureHtml: string): string {
  if (signatureHtml.trim() === "") return bodyHtml;
  return `${bodyHtml.trim() === "" ? "<p></p>" : bodyHtml}${signatureHtml}`;
}

/** When Schedule proposes to send without a suggestion: tomorrow at 08:00, local time. */
export function tomorrowAtEight(now: Date): Date {
  const at = new Date(now);
  at.setDate(at.getDate() + 1);
  at.setHours(8, 0, 0, 0);
  return at;
}

const LINK_SCHEMES = /^(https?|mailto|tel):/i;

/**
 * A link as the seller typed it, made into an address: `https://` added when there is no
 * scheme, `mailto:` for an email address. Null for nothing typed, or a scheme other than
 * http(s), mailto and tel (no `javascript:` in an email).
 */
export function normalizeLink(typed: string): string | null {
  const text = typed.trim();
  if (text === "") return null;
  if (LINK_SCHEMES.test(text)) return text;
  // Any other scheme is refused; "host:8080" is a port, not a scheme.
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) return null;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) return `mailto:${text}`;
  return `https://${text}`;
}

/** The contact's first name, as the suggested send time names them ("for Maria"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/**
 * A moment on a clock in `timeZone` as a seller says it, "Mon 08:00", in their language;
 * `fallback` (the back end's own words) for a zone the browser doesn't know.
 */
export function clockIn(at: Date, timeZone: string, locale: string, fallback: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone,
    }).format(at);
  } catch {
    return fallback;
  }
}
