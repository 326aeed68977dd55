/**
 * Fixture equity figures for the in-memory backend (component tests only).
 *
 * Nothing here computes DOMAIN.md's "Equity lens" figures: a test sets, per measure, what
 * the core would answer (`MemoryBackend.setEquity`) and, per initiative, the summary
 * (`setEquitySummary`). `equityFigure`, `groupFigure` and `summaryRow` fill the fields a
 * test leaves out (nulls come with a reason, as the core sends them). Group and gap charts
 * are small SVG strings naming the groups (labels escaped), like the core's.
 */
import type { ChartSize } from "../bindings/ChartSize";
import type { EquityFigures } from "../bindings/EquityFigures";
import type { EquitySummary } from "../bindings/EquitySummary";
import type { EquitySummaryRow } from "../bindings/EquitySummaryRow";
import type { GapRollup } from "../bindings/GapRollup";
import type { GapSeriesSet } from "../bindings/GapSeriesSet";
import type { GroupFigures } from "../bindings/GroupFigures";
import type { MeasureDimension } from "../bindings/MeasureDimension";
import type { RenderedChart } from "../bindings/RenderedChart";
import type { Share } from "../bindings/Share";
import { apiError } from "./index";
import { chartDimensions, escapeXml } from "./memory-scorecard";

/** What the core would answer for one measure: its dimensions, figures per period, gap series. */
export interface EquityFixture {
  dimensions: MeasureDimension[];
  /** Every (dimension, period) the test cares about; the last of a dimension is "latest". */
  figures: EquityFigures[];
  /** One set per dimension. */
  gaps: GapSeriesSet[];
}

const UNSET = "not set in the test fixture";

export function groupFigure(group: string, over: Partial<GroupFigures> = {}): GroupFigures {
  const base: GroupFigures = {
    group,
    group_id: `g-${group}`,
    is_reference: false,
    value: null,
    suppressed: false,
    margin_of_error: null,
    rate_difference: null,
    rate_ratio: null,
    gap_trend: null,
    previous_period: null,
    previous_rate_difference: null,
    why: {},
  };
  const g = { ...base, ...over };
  const why: Record<string, string> = {};
  for (const f of ["value", "rate_difference", "rate_ratio", "gap_trend"] as const)
    if (g[f] === null) why[f] = g.suppressed ? "suppressed (excluded)" : UNSET;
  g.why = { ...why, ...over.why };
  return g;
}

export function equityFigure(over: Partial<EquityFigures> & Pick<EquityFigures, "measure_id" | "dimension_id">): EquityFigures {
  const base: EquityFigures = {
    measure: "",
    measure_id: over.measure_id,
    dimension: "Race/ethnicity",
    dimension_id: over.dimension_id,
    unit: "percent",
    rate_per: null,
    polarity: "higher",
    period: null,
    reference_group: null,
    reference_group_id: null,
    reference_chosen: false,
    groups: [],
    max_rate_ratio: null,
    max_rate_difference: null,
    index_of_disparity: null,
    ratios_apply: true,
    periods: [],
    excluded_suppressed: [],
    why: {},
  };
  const f = { ...base, ...over };
  const why: Record<string, string> = {};
  for (const k of ["max_rate_ratio", "max_rate_difference", "index_of_disparity"] as const) if (f[k] === null) why[k] = UNSET;
  f.why = { ...why, ...over.why };
  return f;
}

export function share(hits: number, of: number, counts: string): Share {
  return {
    numerator: hits,
    denominator: of,
    pct: of > 0 ? (hits / of) * 100 : null,
    counts,
    out_of: "gaps with a trend",
    label: of > 0 ? `${hits} of ${of} gaps with a trend ${hits === 1 ? "is" : "are"} ${counts}` : "gaps: n/a (no gaps with a trend)",
    why: of > 0 ? null : "no gaps with a trend",
  };
}

export function gapRollup(scope: GapRollup["scope"], id: string, name: string, closing: number, widening: number, of: number): GapRollup {
  return { scope, id, name, gaps_closing: share(closing, of, "closing"), gaps_widening: share(widening, of, "widening") };
}

export function summaryRow(over: Partial<EquitySummaryRow> & Pick<EquitySummaryRow, "measure_id" | "measure">): EquitySummaryRow {
  return {
    result_id: null,
    program_id: null,
    unit: "percent",
    polarity: "higher",
    dimension_id: "d-race",
    dimension: "Race/ethnicity",
    groups: 0,
    period: null,
    reference_group: null,
    max_rate_ratio: null,
    max_rate_difference: null,
    index_of_disparity: null,
    baseline_period: null,
    baseline_max_rate_ratio: null,
    baseline_max_rate_difference: null,
    largest_gap: null,
    gaps_closing: 0,
    gaps_widening: 0,
    gaps_unchanged: 0,
    gaps_without_trend: 0,
    why: {},
    ...over,
  };
}

export function emptySummary(initiativeId: string, name: string): EquitySummary {
  return { initiative_id: initiativeId, rows: [], initiative: gapRollup("initiative", initiativeId, name, 0, 0, 0), results: [], programs: [] };
}

const noData = (what: string) => apiError("not_found", `${what} has no values by group.`);

/** The figures a command would return, from a measure's fixture. */
export function pickFigures(fx: EquityFixture | undefined, measureName: string, dimensionId: string | null, period: string | null): EquityFigures {
  const dim = dimensionId ?? fx?.dimensions[0]?.id;
  const list = (fx?.figures ?? []).filter((f) => f.dimension_id === dim);
  if (list.length === 0) throw noData(`“${measureName}”`);
  const hit = period === null ? list[list.length - 1] : list.find((f) => f.period === period);
  if (!hit) throw apiError("not_found", `No figures for ${period}.`, "period");
  return structuredClone(hit);
}

export function pickGaps(fx: EquityFixture | undefined, measureName: string, dimensionId: string | null): GapSeriesSet {
  const dim = dimensionId ?? fx?.dimensions[0]?.id;
  const hit = fx?.gaps.find((g) => g.dimension_id === dim);
  if (!hit) throw noData(`“${measureName}”`);
  return structuredClone(hit);
}

/** A chart of every group's curve ("groups") or of the gaps to the reference ("gaps"). */
export function fixtureEquityChart(kind: "groups" | "gaps", title: string, names: string[], size: ChartSize): RenderedChart {
  const [w, h] = chartDimensions(size);
  const legend = names.map((n, i) => `<text x="40" y="${110 + 24 * i}">${escapeXml(n)}</text>`).join("");
  const svg =
    `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg" data-kind="${kind}">` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#FFFFFF"/>` +
    `<text x="40" y="60" font-size="36">${escapeXml(title)}</text>${legend}</svg>`;
  return { svg, title, notes: [] };
}
