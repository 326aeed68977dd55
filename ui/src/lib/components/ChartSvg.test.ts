import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { escapeXml, fixtureChart } from "../../backend/memory-scorecard";
import type { Measure } from "../../bindings/Measure";
import ChartSvg, { isPlainSvg } from "./ChartSvg.svelte";

describe("ChartSvg", () => {
  it("inserts the core's SVG as markup, with escaped labels shown as text", () => {
    const name = `Kids <b>"reading"</b> & more`;
    const svg = `<svg width="10" height="10" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><text>${escapeXml(name)}</text></svg>`;
    const { getByTestId } = render(ChartSvg, { svg, label: "Trend chart", testid: "chart" });
    const el = getByTestId("chart");
    expect(el.querySelector("svg")).not.toBeNull();
    expect(el.querySelector("b")).toBeNull();
    expect(el.querySelector("text")!.textContent).toBe(name);
    expect(el).toHaveAttribute("role", "img");
    expect(el).toHaveAttribute("aria-label", "Trend chart");
  });

  it("refuses anything that is not a plain SVG document", () => {
    expect(isPlainSvg('<?xml version="1.0"?>\n<svg width="1"></svg>')).toBe(true);
    expect(isPlainSvg("<div>hi</div>")).toBe(false);
    expect(isPlainSvg('<svg><script>alert(1)</script></svg>')).toBe(false);
    expect(isPlainSvg('<svg><rect onload="x()"/></svg>')).toBe(false);
    expect(isPlainSvg('<svg><a href="javascript:x()">a</a></svg>')).toBe(false);
    // Escaped text that merely looks like markup is fine.
    expect(isPlainSvg("<svg><text>&lt;script&gt; onload=1 javascript:</text></svg>")).toBe(true);
    const { getByTestId } = render(ChartSvg, { svg: "<img src=x onerror=alert(1)>", label: "x", testid: "bad" });
    expect(getByTestId("bad").innerHTML).not.toContain("img");
  });

  it("the memory backend's fixture charts are plain SVG", () => {
    const m = { id: "m", name: "A < B & C", unit: "number" } as Measure;
    expect(isPlainSvg(fixtureChart(m, [], [], "print").svg)).toBe(true);
  });
});
