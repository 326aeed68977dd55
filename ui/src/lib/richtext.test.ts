import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import RichText from "./components/RichText.svelte";
import { blocks, spans } from "./richtext";

describe("light formatting", () => {
  it("splits paragraphs on blank lines and keeps line breaks inside one", () => {
    expect(blocks("One\ntwo\n\nThree")).toEqual([
      { kind: "paragraph", lines: [[{ text: "One", bold: false }], [{ text: "two", bold: false }]] },
      { kind: "paragraph", lines: [[{ text: "Three", bold: false }]] },
    ]);
  });

  it("makes '- ' lines a list and **…** bold; a lone ** stays text", () => {
    expect(blocks("Intro\n- **a** b\n- c")).toEqual([
      { kind: "paragraph", lines: [[{ text: "Intro", bold: false }]] },
      { kind: "list", items: [[{ text: "a", bold: true }, { text: " b", bold: false }], [{ text: "c", bold: false }]] },
    ]);
    expect(spans("2 ** 3")).toEqual([{ text: "2 ** 3", bold: false }]);
    expect(spans("**a** and ** b")).toEqual([
      { text: "a", bold: true },
      { text: " and ** b", bold: false },
    ]);
  });

  it("renders what a user typed as text: <script> and <b> are not elements", () => {
    const { container } = render(RichText, { text: "<script>alert('x')</script>\n\n<b>loud</b> and **bold**\n- <img src=x onerror=alert(1)>" });
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container).toHaveTextContent("<script>alert('x')</script>");
    expect(container).toHaveTextContent("<b>loud</b> and bold");
    expect(container.querySelector("strong")).toHaveTextContent("bold");
    expect(container.querySelector("li")).toHaveTextContent("<img src=x onerror=alert(1)>");
  });

  it("says so when nothing is written", () => {
    const { container } = render(RichText, { text: "  \n ", empty: "Not written yet." });
    expect(container).toHaveTextContent("Not written yet.");
  });
});
