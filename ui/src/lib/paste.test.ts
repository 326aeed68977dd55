import { describe, expect, it } from "vitest";
import { parseClipboard, pasteWidth } from "./paste";

describe("parseClipboard", () => {
  it("leaves a single cell to the browser", () => {
    expect(parseClipboard("72.4")).toBeNull();
    expect(parseClipboard("72.4\n")).toBeNull();
  });

  it("splits a spreadsheet column, dropping the trailing newline spreadsheets add", () => {
    expect(parseClipboard("1\r\n2\r\n3\r\n")).toEqual([["1"], ["2"], ["3"]]);
  });

  it("splits tabs into cells and ignores empty trailing cells", () => {
    const rows = parseClipboard("1\t80\n2\t\n3\t82")!;
    expect(rows).toEqual([["1", "80"], ["2"], ["3", "82"]]);
    expect(pasteWidth(rows)).toBe(2);
    expect(pasteWidth(parseClipboard("1\t\n2\t\n")!)).toBe(1);
  });
});
