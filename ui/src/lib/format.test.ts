import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatValue, unitAffix } from "./format";

describe("formatValue", () => {
  it("formats each unit the way the Overview shows it", () => {
    expect(formatValue(72.4, "percent")).toBe("72.4%");
    expect(formatValue(72.44, "percent")).toBe("72.4%");
    expect(formatValue(1234, "currency")).toBe("$1,234");
    expect(formatValue(12.5, "currency")).toBe("$12.50");
    expect(formatValue(-1234, "currency")).toBe("-$1,234");
    expect(formatValue(12.34, "rate", 1000)).toBe("12.3 per 1,000");
    expect(formatValue(1234, "number")).toBe("1,234");
    expect(formatValue(0, "number")).toBe("0");
  });

  it("shows missing as a dash, never as zero", () => {
    expect(formatValue(null, "percent")).toBe("—");
  });

  it("puts the unit beside an input", () => {
    expect(unitAffix("percent")).toEqual({ prefix: "", suffix: "%" });
    expect(unitAffix("currency")).toEqual({ prefix: "$", suffix: "" });
    expect(unitAffix("rate", 1000)).toEqual({ prefix: "", suffix: "per 1,000" });
  });
});

describe("formatBytes", () => {
  it("reads like a file manager's sizes", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1,023 bytes");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(200 * 1024)).toBe("200 KB");
    expect(formatBytes(22 * 1024 * 1024 + 300 * 1024)).toBe("22 MB");
    expect(formatBytes(3.25 * 1024 * 1024)).toBe("3.3 MB");
  });

  it("groups counts", () => {
    expect(formatCount(12288)).toBe("12,288");
  });
});
