import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import FormattedText from "./FormattedText.svelte";

describe("FormattedText", () => {
  it("renders paragraphs, bullets and bold as elements", () => {
    const { container } = render(FormattedText, { text: "First **big** step\nsame paragraph\n\n- one\n- **two**\n\nLast" });
    const ps = container.querySelectorAll("p");
    expect([...ps].map((p) => p.textContent)).toEqual(["First big stepsame paragraph", "Last"]);
    expect(ps[0].querySelector("strong")?.textContent).toBe("big");
    expect(ps[0].querySelectorAll("br")).toHaveLength(1);
    const items = container.querySelectorAll("ul > li");
    expect([...items].map((li) => li.textContent)).toEqual(["one", "two"]);
    expect(items[1].querySelector("strong")?.textContent).toBe("two");
  });

  it("never turns text into HTML", () => {
    const { container } = render(FormattedText, { text: '<img src=x onerror="alert(1)"> and <b>not bold</b>' });
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
  });
});
