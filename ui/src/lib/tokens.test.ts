// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Read from disk: Vitest stubs CSS imports, even ?raw ones.
const css = readFileSync(new URL("./tokens.css", import.meta.url), "utf8");

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const f = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function block(selector: string): Record<string, string> {
  const start = css.indexOf(selector + " {");
  expect(start, `${selector} block`).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf("}", start));
  const vars: Record<string, string> = {};
  for (const m of body.matchAll(/--color-([\w-]+):\s*(#[0-9a-f]{6});/gi)) vars[m[1]] = m[2].toLowerCase();
  return vars;
}

// Text pairs the UI actually draws (foreground on background).
const TEXT_PAIRS: [string, string][] = [
  ["text", "bg"], ["text", "surface"], ["text", "surface-2"], ["text", "info-bg"],
  ["text-muted", "bg"], ["text-muted", "surface"], ["text-muted", "surface-2"],
  ["on-accent", "accent"], ["link", "surface"], ["link", "bg"], ["link", "surface-2"],
  ["danger", "surface"], ["danger", "danger-bg"], ["success", "surface"], ["success", "success-bg"],
  ["warning-text", "warning-bg"], ["bg", "text"],
  ["trend-good", "surface"], ["trend-good", "surface-2"], ["trend-good", "bg"],
  ["trend-bad", "surface"], ["trend-bad", "surface-2"], ["trend-bad", "bg"],
  ["trend-neutral", "surface"], ["trend-neutral", "surface-2"], ["trend-neutral", "bg"],
];
// Non-text UI (focus ring, control borders) needs 3:1 (WCAG 1.4.11).
const UI_PAIRS: [string, string][] = [["focus", "bg"], ["focus", "surface"], ["control-border", "surface"]];

describe.each([
  ["light", ":root"],
  ["dark", ':root[data-theme="dark"]'],
])("%s theme contrast", (_name, selector) => {
  const t = block(selector);

  it.each(TEXT_PAIRS)("%s on %s is at least 4.5:1", (fg, bg) => {
    expect(t[fg], fg).toBeDefined();
    expect(t[bg], bg).toBeDefined();
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it.each(UI_PAIRS)("%s against %s is at least 3:1", (fg, bg) => {
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(3);
  });
});

it("the system dark theme and the manual dark theme are the same colours", () => {
  expect(block(':root:not([data-theme="light"])')).toEqual(block(':root[data-theme="dark"]'));
});
