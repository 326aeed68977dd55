import { describe, expect, it } from "vitest";
import { formatValue, unitAffix } from "./format";

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
