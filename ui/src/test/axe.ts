import axe from "axe-core";

/**
 * Runs axe-core on the page (or a part of it) and returns the violations, in a form that
 * reads well in a failed assertion. Colour contrast needs layout, which jsdom has not:
 * the colours come from Fluent's tokens, which meet it.
 */
export async function axeViolations(context: Element | Document = document) {
  const results = await axe.run(context as Element, {
    rules: { "color-contrast": { enabled: false } },
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => n.html.slice(0, 200)),
  }));
}
