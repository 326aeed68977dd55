/**
 * Fixture scorecards and charts for the in-memory backend (component tests only).
 *
 * Nothing here computes DOMAIN.md's figures: a row reads its measure's stored values
 * (latest period and actual, the history) and everything else comes from hand-made figures
 * a test (or the sample seed) sets with `MemoryBackend.setFigures`. Figures nobody set are
 * null with a reason, as the core sends undefined figures. The roll-up shares only count
 * what the fixture rows say. Charts and sparklines are small SVG strings with the same
 * outer shape as the core's (an `<svg>` with width, height and viewBox; labels escaped).
 */
import type { ChartSize } from "../bindings/ChartSize";
import type { Initiative } from "../bindings/Initiative";
import type { Measure } from "../bindings/Measure";
import type { Observation } from "../bindings/Observation";
import type { PopulationResult } from "../bindings/PopulationResult";
import type { Program } from "../bindings/Program";
import type { RenderedChart } from "../bindings/RenderedChart";
import type { Rollup } from "../bindings/Rollup";
import type { RollupScope } from "../bindings/RollupScope";
import type { Scorecard } from "../bindings/Scorecard";
import type { ScorecardRow } from "../bindings/ScorecardRow";
import type { Share } from "../bindings/Share";

/** The figure fields of a row (what `setFigures` may set). */
export type FixtureFigures = Omit<
  ScorecardRow,
  "kind" | "id" | "name" | "result" | "program" | "category" | "polarity" | "result_id" | "program_id" | "unit" | "rate_per" | "calendar" | "headline" | "data_development"
>;

export const NOT_IN_FIXTURE = "not set in the test fixture";

export interface FixtureSource {
  initiative: Initiative;
  results: PopulationResult[];
  programs: Program[];
  /** The initiative's visible measures, in position order. */
  measures: Measure[];
  /** A measure's stored total values (no groups), in period order. */
  totals: (measureId: string) => Observation[];
  figures: Map<string, Partial<FixtureFigures>>;
  today: string;
  /** Whether the measure's worksheet was saved at or after its latest value (memory-worksheets.ts). */
  storyUpdated?: (measureId: string) => boolean;
}

const CATEGORY_ORDER = ["how_much", "how_well", "better_off"];

function defaultFigures(values: Observation[]): FixtureFigures {
  const actuals = values.filter((o) => o.value !== null);
  const last = actuals[actuals.length - 1];
  const prior = actuals[actuals.length - 2];
  const reason = last ? NOT_IN_FIXTURE : "no actual";
  const why: Record<string, string> = {};
  for (const f of ["target", "next_target", "baseline", "baseline_change_pct", "variance_from_target_pct", "progress_to_target_pct", "trend_good", "forecast_next"])
    why[f] = reason;
  if (!last) why.period = why.actual = reason;
  if (!prior) why.prior_actual = last ? "only one actual" : reason;
  return {
    period: last?.period ?? null,
    actual: last?.value ?? null,
    prior_actual: prior?.value ?? null,
    target: null,
    next_target: null,
    baseline: null,
    baseline_change_pct: null,
    variance_from_target_pct: null,
    progress_to_target_pct: null,
    trend_direction: "none",
    trend_count: 0,
    trend_good: null,
    status: last ? "no_target" : "no_data",
    forecast_next: null,
    prior_period: prior?.period ?? null,
    baseline_period: null,
    target_low: null,
    target_high: null,
    next_target_period: null,
    next_target_low: null,
    next_target_high: null,
    forecast_period: null,
    forecast_source: null,
    latest_expected_period: null,
    current_data: false,
    history: actuals.map((o) => ({ period: o.period, actual: o.value as number })),
    why,
  };
}

function row(src: FixtureSource, m: Measure, asOf: string | null): ScorecardRow {
  const values = src.totals(m.id).filter((o) => asOf === null || o.period <= asOf);
  const base = defaultFigures(values);
  const set = src.figures.get(m.id) ?? {};
  const figures = { ...base, ...set };
  // Reasons: the defaults for figures the fixture left null, then the fixture's own.
  const why = Object.fromEntries(Object.entries(base.why).filter(([k]) => (figures as Record<string, unknown>)[k] == null));
  figures.why = { ...why, ...set.why };
  if (asOf !== null) figures.history = figures.history.filter((h) => h.period <= asOf);
  return {
    kind: m.kind === "indicator" ? "indicator" : "measure",
    id: m.id,
    name: m.name,
    result: src.results.find((r) => r.id === m.result_id)?.name ?? null,
    program: src.programs.find((p) => p.id === m.program_id)?.name ?? null,
    category: m.category,
    polarity: m.polarity,
    result_id: m.result_id,
    program_id: m.program_id,
    unit: m.unit,
    rate_per: m.rate_per,
    calendar: m.calendar,
    headline: m.headline,
    data_development: m.data_development,
    ...figures,
  };
}

function share(hits: number, of: number, outOf: string, counts: string): Share {
  return {
    numerator: hits,
    denominator: of,
    pct: of > 0 ? (hits / of) * 100 : null,
    counts,
    out_of: outOf,
    label: `${hits} of ${of} ${outOf} ${hits === 1 ? "is" : "are"} ${counts}`,
    why: of > 0 ? null : `no ${outOf}`,
  };
}

/** Counts what the fixture rows say; not DOMAIN.md's rules. */
function rollup(scope: RollupScope, id: string, name: string, noun: string, rows: ScorecardRow[], storyUpdated: (id: string) => boolean): Rollup {
  const withData = rows.filter((r) => r.actual !== null);
  const trending = rows.filter((r) => r.trend_direction !== "none");
  const baseline = rows.filter((r) => r.baseline_change_pct !== null);
  return {
    scope,
    id,
    name,
    measures: rows.length,
    trending_well: share(
      trending.filter((r) => r.trend_direction === "flat" || r.trend_good === true).length,
      trending.length,
      `${noun} with at least two actuals`,
      "trending the right way or unchanged",
    ),
    better_than_baseline: share(
      baseline.filter((r) => (r.baseline_change_pct as number) * (r.polarity === "lower" ? -1 : 1) >= 0).length,
      baseline.length,
      `${noun} with an actual and a baseline`,
      "better than their baseline or unchanged",
    ),
    current_data: share(rows.filter((r) => r.current_data).length, rows.length, noun, "up to date (an actual for the latest expected period)"),
    story_updated: share(
      withData.filter((r) => storyUpdated(r.id)).length,
      withData.length,
      `${noun} with data`,
      "covered by a story updated since their latest value",
    ),
  };
}

export function fixtureScorecard(src: FixtureSource, asOf: string | null): Scorecard {
  const resultIndex = (id: string | null) => src.results.findIndex((r) => r.id === id);
  const programIndex = (id: string | null) => src.programs.findIndex((p) => p.id === id);
  const indicators = src.measures
    .filter((m) => m.kind === "indicator")
    .sort((a, b) => resultIndex(a.result_id) - resultIndex(b.result_id) || a.position - b.position);
  const performance = src.measures
    .filter((m) => m.kind === "performance")
    .sort(
      (a, b) =>
        programIndex(a.program_id) - programIndex(b.program_id) ||
        CATEGORY_ORDER.indexOf(a.category ?? "") - CATEGORY_ORDER.indexOf(b.category ?? "") ||
        a.position - b.position,
    );
  const rows = [...indicators, ...performance].map((m) => row(src, m, asOf));
  const story = src.storyUpdated ?? (() => false);
  return {
    initiative: structuredClone(src.initiative),
    as_of: { label: asOf, calendar: null, cutoff: null, reference_date: src.today },
    rows,
    rollups: {
      initiative: rollup("initiative", src.initiative.id, src.initiative.name, "measures", rows, story),
      results: src.results.map((r) => rollup("result", r.id, r.name, "indicators", rows.filter((x) => x.kind === "indicator" && x.result_id === r.id), story)),
      programs: src.programs.map((p) => rollup("program", p.id, p.name, "measures", rows.filter((x) => x.kind === "measure" && x.program_id === p.id), story)),
    },
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

function polyline(values: number[], w: number, h: number, pad: number): string {
  if (values.length === 0) return "";
  const lo = Math.min(...values);
  const span = Math.max(...values) - lo || 1;
  const step = values.length > 1 ? (w - 2 * pad) / (values.length - 1) : 0;
  return values.map((v, i) => `${Math.round(pad + i * step)},${Math.round(h - pad - ((v - lo) / span) * (h - 2 * pad))}`).join(" ");
}

export function fixtureSparkline(values: number[]): string {
  return (
    `<svg width="120" height="32" viewBox="0 0 120 32" xmlns="http://www.w3.org/2000/svg">` +
    `<polyline fill="none" stroke="#0072B2" stroke-width="2" points="${polyline(values, 120, 32, 3)}"/></svg>`
  );
}

export function chartDimensions(size: ChartSize): [number, number] {
  if (size === "presentation") return [1600, 900];
  if (size === "print") return [1000, 600];
  return [size.custom.width, size.custom.height];
}

/** A chart of `measure` (and `others` on the same axis), titled with the escaped name. */
export function fixtureChart(measure: Measure, values: Observation[], others: Measure[], size: ChartSize): RenderedChart {
  const [w, h] = chartDimensions(size);
  const notes = values.filter((o) => o.note).map((o) => `${o.period}: ${o.note}`);
  const legend = others.map((o, i) => `<text x="40" y="${110 + 24 * i}">${escapeXml(o.name)}</text>`).join("");
  const actuals = values.filter((o) => o.value !== null).map((o) => o.value as number);
  const svg =
    `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" xmlns="http://www.w3.org/2000/svg">` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#FFFFFF"/>` +
    `<text x="40" y="60" font-size="36" data-size="${typeof size === "string" ? size : "custom"}">${escapeXml(measure.name)}</text>${legend}` +
    `<polyline fill="none" stroke="#0072B2" stroke-width="3" points="${polyline(actuals, w, h, 120)}"/></svg>`;
  return { svg, title: measure.name, notes };
}
