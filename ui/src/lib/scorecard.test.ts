import { describe, expect, it } from "vitest";
import type { ScorecardRow } from "../bindings/ScorecardRow";
import { asOfChoices, formatPct, loadColumns, saveColumns, sortRows, targetText, trendMeaning } from "./scorecard";

function row(over: Partial<ScorecardRow>): ScorecardRow {
  return {
    kind: "indicator", id: "x", name: "x", result: null, program: null, category: null, polarity: "higher", result_id: null,
    program_id: null, unit: "percent", rate_per: null, calendar: "year", headline: false, data_development: false, period: null,
    actual: null, prior_actual: null, target: null, next_target: null, baseline: null, baseline_change_pct: null,
    variance_from_target_pct: null, progress_to_target_pct: null, trend_direction: "none", trend_count: 0, trend_good: null,
    status: "no_data", forecast_next: null, prior_period: null, baseline_period: null, target_low: null, target_high: null,
    next_target_period: null, next_target_low: null, next_target_high: null, forecast_period: null, forecast_source: null,
    latest_expected_period: null, current_data: false, history: [], why: {}, ...over,
  };
}

describe("scorecard model", () => {
  it("formats changes with a sign, and n/a when undefined", () => {
    expect(formatPct(12.5)).toBe("+12.5%");
    expect(formatPct(-2.26)).toBe("−2.3%");
    expect(formatPct(0)).toBe("0%");
    expect(formatPct(null)).toBe("n/a");
  });

  it("shows a target range", () => {
    expect(targetText(row({ target_low: 40, target_high: 60 }))).toBe("40%–60%");
    expect(targetText(row({ target_low: 40 }))).toBe("at least 40%");
    expect(targetText(row({ target: 72.4 }))).toBe("72.4%");
    expect(targetText(row({}))).toBe("n/a");
  });

  it("says what a trend means", () => {
    expect(trendMeaning(row({ trend_direction: "up", trend_good: true }))).toBe("trending the right way");
    expect(trendMeaning(row({ trend_direction: "up", trend_good: false }))).toBe("trending the wrong way");
    expect(trendMeaning(row({ trend_direction: "flat" }))).toBe("unchanged");
    expect(trendMeaning(row({}))).toBe("no trend yet");
  });

  it("sorts stably: ties keep the scorecard's order; n/a changes last", () => {
    const rows = [
      row({ id: "a", baseline_change_pct: null, trend_direction: "up", trend_good: true, trend_count: 1 }),
      row({ id: "b", baseline_change_pct: -20, trend_direction: "down", trend_good: false, trend_count: 1 }),
      row({ id: "c", baseline_change_pct: 5, trend_direction: "up", trend_good: false, trend_count: 3 }),
    ];
    expect(sortRows(rows, "baseline").map((r) => r.id)).toEqual(["b", "c", "a"]);
    expect(sortRows(rows, "trend").map((r) => r.id)).toEqual(["c", "b", "a"]);
    expect(sortRows(rows, "order")).toBe(rows);
  });

  it("offers the periods with values, by calendar, latest first", () => {
    const choices = asOfChoices([
      row({ calendar: "quarter", history: [{ period: "2024Q1", actual: 1 }, { period: "2024Q2", actual: 2 }] }),
      row({ calendar: "school_year", period: "2023-24", history: [{ period: "2022-23", actual: 1 }, { period: "2023-24", actual: 1 }] }),
    ]);
    expect(choices).toEqual([
      { label: "School year", options: [{ value: "2023-24", label: "2023-24" }, { value: "2022-23", label: "2022-23" }] },
      { label: "Quarter", options: [{ value: "2024Q2", label: "2024Q2" }, { value: "2024Q1", label: "2024Q1" }] },
    ]);
  });

  it("remembers the visible columns and ignores a damaged setting", () => {
    localStorage.clear();
    expect(loadColumns()).toContain("status");
    saveColumns(["trend", "status"]);
    expect(loadColumns()).toEqual(["trend", "status"]);
    localStorage.setItem("backbone.scorecardColumns", "{not json");
    expect(loadColumns()).toContain("sparkline");
  });
});
