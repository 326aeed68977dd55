/**
 * How the equity lens's figures read on screen (DOMAIN.md "Equity lens"). The core computes
 * every figure; this only formats them and picks which summary row a measure shows.
 */
import type { EquitySummaryRow } from "../bindings/EquitySummaryRow";
import type { GapTrend } from "../bindings/GapTrend";
import type { Unit } from "../bindings/Unit";
import { MISSING, formatValue } from "./format";

export const NA = "n/a";

/** Arrow, word and whether it is good news: a closing gap is. */
export const GAP_TRENDS: Record<GapTrend, { arrow: string; word: string; tone: "good" | "bad" | "neutral" }> = {
  closing: { arrow: "↓", word: "closing", tone: "good" },
  widening: { arrow: "↑", word: "widening", tone: "bad" },
  unchanged: { arrow: "→", word: "unchanged", tone: "neutral" },
};

function num(v: number, digits: number): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

/**
 * A rate difference in the measure's unit, signed: "−22.6 pts" for percentages (points, not
 * percent), "+3.2 per 1,000" for rates, "−$120" for currency, "+12" for counts.
 */
export function formatDifference(v: number | null | undefined, unit: Unit, ratePer: number | null = null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  const sign = v > 0 ? "+" : v < 0 ? "−" : "";
  const abs = Math.abs(v);
  if (unit === "percent") return `${sign}${num(abs, 1)} pts`;
  return `${sign}${formatValue(abs, unit, ratePer)}`;
}

/** An unsigned size of a gap (the maximal rate difference): "29.1 pts". */
export function formatGapSize(v: number | null | undefined, unit: Unit, ratePer: number | null = null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  return unit === "percent" ? `${num(Math.abs(v), 1)} pts` : formatValue(Math.abs(v), unit, ratePer);
}

/** A rate ratio or the index of disparity: "1.57", "30.5". */
export function formatRatio(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NA : num(v, digits);
}

/** A value with its margin of error when stored: "39.4% ± 2.1 pts". */
export function formatWithMargin(v: number | null, moe: number | null, unit: Unit, ratePer: number | null): string {
  if (v === null) return MISSING;
  const text = formatValue(v, unit, ratePer);
  if (moe === null) return text;
  return `${text} ± ${unit === "percent" ? `${num(moe, 1)} pts` : formatValue(moe, unit, ratePer)}`;
}

/**
 * The summary row a measure shows on the scorecard: of its dimensions, the one whose
 * largest gap has the largest |difference| (rows without a gap come last).
 */
export function largestGapRow(rows: EquitySummaryRow[]): EquitySummaryRow | null {
  let best: EquitySummaryRow | null = null;
  for (const r of rows) {
    if (!best) best = r;
    else if (r.largest_gap && (!best.largest_gap || Math.abs(r.largest_gap.rate_difference) > Math.abs(best.largest_gap.rate_difference))) best = r;
  }
  return best;
}

/** Summary rows grouped by measure id. */
export function rowsByMeasure(rows: EquitySummaryRow[]): Map<string, EquitySummaryRow[]> {
  const by = new Map<string, EquitySummaryRow[]>();
  for (const r of rows) by.set(r.measure_id, [...(by.get(r.measure_id) ?? []), r]);
  return by;
}
