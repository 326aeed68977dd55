/**
 * The scorecard screen's model: columns, labels, filters, sorting and the tree of groups.
 * Pure functions over the core's `Scorecard`; no figure is computed here (the core does
 * that, DOMAIN.md "Scorecard figures"), only shown, filtered and ordered.
 */
import type { Calendar } from "../bindings/Calendar";
import type { Direction } from "../bindings/Direction";
import type { EquitySummaryRow } from "../bindings/EquitySummaryRow";
import type { Program } from "../bindings/Program";
import type { Rollup } from "../bindings/Rollup";
import type { Scorecard } from "../bindings/Scorecard";
import type { ScorecardRow } from "../bindings/ScorecardRow";
import type { Status } from "../bindings/Status";
import { formatValue } from "./format";
import { CALENDARS, CATEGORIES } from "./labels";
import { KEYS, readSetting, writeSetting } from "./storage";

export const NA = "n/a";

// ---- columns ------------------------------------------------------------------------

export type ColumnId =
  | "sparkline" | "latest" | "period" | "target" | "trend" | "baseline" | "status"
  | "prior" | "next_target" | "variance" | "progress" | "forecast" | "equity";

export interface Column {
  id: ColumnId;
  label: string;
  /** Shown until the user says otherwise. */
  initial: boolean;
  numeric: boolean;
}

export const COLUMNS: Column[] = [
  { id: "sparkline", label: "Trend line", initial: true, numeric: false },
  { id: "latest", label: "Latest", initial: true, numeric: true },
  { id: "period", label: "Period", initial: true, numeric: false },
  { id: "target", label: "Target", initial: true, numeric: true },
  { id: "trend", label: "Trend", initial: true, numeric: false },
  { id: "baseline", label: "Change from baseline", initial: true, numeric: true },
  { id: "status", label: "Status", initial: true, numeric: false },
  { id: "equity", label: "Equity", initial: true, numeric: false },
  { id: "prior", label: "Prior value", initial: false, numeric: true },
  { id: "next_target", label: "Next target", initial: false, numeric: true },
  { id: "variance", label: "Variance from target", initial: false, numeric: true },
  { id: "progress", label: "Progress to target", initial: false, numeric: true },
  { id: "forecast", label: "Forecast", initial: false, numeric: true },
];

/** The visible columns, as remembered (unknown ids in storage are ignored). */
export function loadColumns(): ColumnId[] {
  const text = readSetting(KEYS.scorecardColumns);
  if (text) {
    try {
      const saved: unknown = JSON.parse(text);
      if (Array.isArray(saved)) return COLUMNS.filter((c) => saved.includes(c.id)).map((c) => c.id);
    } catch {
      // A damaged setting falls back to the defaults.
    }
  }
  return COLUMNS.filter((c) => c.initial).map((c) => c.id);
}

export function saveColumns(ids: ColumnId[]): void {
  writeSetting(KEYS.scorecardColumns, JSON.stringify(ids));
}

// ---- labels -------------------------------------------------------------------------

export const STATUS_LABELS: Record<Status, string> = {
  met: "Met",
  close: "Close",
  off_track: "Off track",
  no_target: "No target",
  no_data: "No data",
};

export const STATUS_TONES: Record<Status, "success" | "warning" | "danger" | "neutral"> = {
  met: "success",
  close: "warning",
  off_track: "danger",
  no_target: "neutral",
  no_data: "neutral",
};

export const ARROWS: Record<Direction, string> = { up: "↑", down: "↓", flat: "→", none: "" };

/** What the trend means, in words (for screen readers and the tooltip). */
export function trendMeaning(row: Pick<ScorecardRow, "trend_direction" | "trend_good">): string {
  if (row.trend_direction === "none") return "no trend yet";
  if (row.trend_direction === "flat") return "unchanged";
  if (row.trend_good === true) return "trending the right way";
  if (row.trend_good === false) return "trending the wrong way";
  return "trend neither good nor bad";
}

/** "+8.5%", "−2.3%", "0%". */
export function formatPct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  const text = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(Math.abs(v));
  if (text === "0") return "0%";
  return `${v < 0 ? "−" : "+"}${text}%`;
}

/** A figure in the row's unit, or "n/a". */
export function figure(row: ScorecardRow, v: number | null): string {
  return v === null ? NA : formatValue(v, row.unit, row.rate_per);
}

/** The current target: a single value, or a range "40%–60%" / "at least 40%" / "at most 60%". */
export function targetText(row: ScorecardRow, low = row.target_low, high = row.target_high, single = row.target): string {
  if (low !== null && high !== null) return `${figure(row, low)}–${figure(row, high)}`;
  if (low !== null) return `at least ${figure(row, low)}`;
  if (high !== null) return `at most ${figure(row, high)}`;
  return figure(row, single);
}

// ---- filters and sorting ------------------------------------------------------------

export interface Filters {
  headlineOnly: boolean;
  offTrackOnly: boolean;
  resultId: string;
  partnerId: string;
  /** Only measures with at least one gap between groups widening (the equity summary). */
  gapsWidening: boolean;
}

export const NO_FILTERS: Filters = { headlineOnly: false, offTrackOnly: false, resultId: "", partnerId: "", gapsWidening: false };

export function filtersActive(f: Filters): boolean {
  return f.headlineOnly || f.offTrackOnly || f.resultId !== "" || f.partnerId !== "" || f.gapsWidening;
}

/** How many gaps of the measure are widening, over all its dimensions. */
export function gapsWidening(equity: Map<string, EquitySummaryRow[]>, measureId: string): number {
  return (equity.get(measureId) ?? []).reduce((n, r) => n + r.gaps_widening, 0);
}

/**
 * Keeps the rows that pass every filter. A result keeps its indicators and the measures of
 * programs contributing to it. A partner keeps the measures of the programs it leads or
 * contributes to, and the indicators of the results those programs contribute to (partner
 * roles held directly on results are not available to the UI).
 */
export function filterRows(
  rows: ScorecardRow[],
  f: Filters,
  programs: Program[],
  equity: Map<string, EquitySummaryRow[]> = new Map(),
): ScorecardRow[] {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const partnerPrograms = programs.filter((p) => p.lead_partner_id === f.partnerId || p.contributor_ids.includes(f.partnerId));
  const partnerResults = new Set(partnerPrograms.flatMap((p) => p.result_ids));
  const partnerProgramIds = new Set(partnerPrograms.map((p) => p.id));
  return rows.filter((r) => {
    if (f.headlineOnly && !r.headline) return false;
    if (f.offTrackOnly && r.status !== "off_track") return false;
    if (f.gapsWidening && gapsWidening(equity, r.id) === 0) return false;
    if (f.resultId) {
      const ok = r.kind === "indicator" ? r.result_id === f.resultId : (byId.get(r.program_id ?? "")?.result_ids.includes(f.resultId) ?? false);
      if (!ok) return false;
    }
    if (f.partnerId) {
      const ok = r.kind === "indicator" ? partnerResults.has(r.result_id ?? "") : partnerProgramIds.has(r.program_id ?? "");
      if (!ok) return false;
    }
    return true;
  });
}

export type SortKey = "order" | "name" | "status" | "trend" | "baseline";

export const SORTS: { value: SortKey; label: string }[] = [
  { value: "order", label: "Scorecard order" },
  { value: "name", label: "Name (A to Z)" },
  { value: "status", label: "Status (off track first)" },
  { value: "trend", label: "Trend (wrong way first)" },
  { value: "baseline", label: "Change from baseline (largest first)" },
];

const STATUS_RANK: Record<Status, number> = { off_track: 0, close: 1, met: 2, no_target: 3, no_data: 4 };

function trendRank(r: ScorecardRow): number {
  if (r.trend_direction === "none") return 3;
  if (r.trend_good === false) return 0;
  if (r.trend_good === true) return 2;
  return 1;
}

/** A stable sort (ties keep the scorecard's order); the tree's grouping is kept. */
export function sortRows(rows: ScorecardRow[], key: SortKey): ScorecardRow[] {
  if (key === "order") return rows;
  const cmp: (a: ScorecardRow, b: ScorecardRow) => number = {
    name: (a: ScorecardRow, b: ScorecardRow) => a.name.localeCompare(b.name),
    status: (a: ScorecardRow, b: ScorecardRow) => STATUS_RANK[a.status] - STATUS_RANK[b.status],
    trend: (a: ScorecardRow, b: ScorecardRow) => trendRank(a) - trendRank(b) || b.trend_count - a.trend_count,
    baseline: (a: ScorecardRow, b: ScorecardRow) =>
      (a.baseline_change_pct === null ? 1 : 0) - (b.baseline_change_pct === null ? 1 : 0) ||
      Math.abs(b.baseline_change_pct ?? 0) - Math.abs(a.baseline_change_pct ?? 0),
  }[key];
  return rows.map((r, i) => [r, i] as const).sort((a, b) => cmp(a[0], b[0]) || a[1] - b[1]).map(([r]) => r);
}

// ---- the tree -----------------------------------------------------------------------

export interface RowSection {
  key: string;
  /** An RBA question for a program's measures; null for a result's indicators. */
  title: string | null;
  rows: ScorecardRow[];
}

export interface RowGroup {
  key: string;
  kind: "result" | "program";
  title: string;
  rollup: Rollup | null;
  sections: RowSection[];
}

/**
 * Results with their indicators, then programs with their measures under the three RBA
 * questions; groups and sections without rows are left out.
 */
export function groupRows(card: Scorecard, rows: ScorecardRow[]): { results: RowGroup[]; programs: RowGroup[] } {
  const results: RowGroup[] = card.rollups.results.map((r) => ({
    key: `result-${r.id}`,
    kind: "result",
    title: r.name,
    rollup: r,
    sections: [{ key: `result-${r.id}`, title: null, rows: rows.filter((x) => x.kind === "indicator" && x.result_id === r.id) }],
  }));
  const programs: RowGroup[] = card.rollups.programs.map((p) => ({
    key: `program-${p.id}`,
    kind: "program",
    title: p.name,
    rollup: p,
    sections: CATEGORIES.map((c) => ({
      key: `program-${p.id}-${c.value}`,
      title: c.label,
      rows: rows.filter((x) => x.kind === "measure" && x.program_id === p.id && x.category === c.value),
    })),
  }));
  // Rows whose owner the roll-ups do not list (should not happen) still show.
  const known = new Set([...results, ...programs].flatMap((g) => g.sections.flatMap((s) => s.rows)));
  const orphans = rows.filter((r) => !known.has(r));
  if (orphans.length > 0)
    results.push({ key: "other", kind: "result", title: "Other measures", rollup: null, sections: [{ key: "other", title: null, rows: orphans }] });
  const prune = (groups: RowGroup[]) =>
    groups.map((g) => ({ ...g, sections: g.sections.filter((s) => s.rows.length > 0) })).filter((g) => g.sections.length > 0);
  return { results: prune(results), programs: prune(programs) };
}

// ---- as of --------------------------------------------------------------------------

/** The periods the rows have values for, by calendar, latest first: the "as of" choices. */
export function asOfChoices(rows: ScorecardRow[]): { label: string; options: { value: string; label: string }[] }[] {
  const by = new Map<Calendar, Set<string>>();
  for (const r of rows) {
    const set = by.get(r.calendar) ?? new Set<string>();
    for (const h of r.history) set.add(h.period);
    if (r.period) set.add(r.period);
    by.set(r.calendar, set);
  }
  return CALENDARS.filter((c) => (by.get(c.value)?.size ?? 0) > 0).map((c) => ({
    label: c.label.replace(/\s*\(.*\)$/, ""),
    options: [...(by.get(c.value) as Set<string>)].sort().reverse().map((p) => ({ value: p, label: p })),
  }));
}
