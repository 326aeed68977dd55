/**
 * The data-entry grid's model: one row per period with its observation, the text the
 * user is typing in each cell (the draft), which cells differ from what is stored,
 * saving those (only the changed rows, only the changed cells, all in one call), and
 * mapping a save error back to the cell it is about.
 *
 * Saves are queued: a second save starts after the first has finished and collects
 * whatever is still unsaved at that moment, so Enter followed by blur saves once.
 */
import { toApiError, type ApiError, type Backend } from "../backend";
import type { GridRow } from "../bindings/GridRow";
import type { Measure } from "../bindings/Measure";
import type { Observation } from "../bindings/Observation";
import type { ObservationEdit } from "../bindings/ObservationEdit";
import type { PeriodInfo } from "../bindings/PeriodInfo";
import { editableNumber } from "./format";
import { parseClipboard, pasteWidth } from "./paste";

export type NumCol = "value" | "target" | "target_low" | "target_high";
export type Col = NumCol | "note";
export type ErrorKey = Col | "suppressed" | "period";
export type SaveStatus = "idle" | "dirty" | "saving" | "saved" | "error";

const ALL_COLS: Col[] = ["value", "target", "target_low", "target_high", "note"];

function originalText(obs: Observation | null, col: Col): string {
  if (!obs) return "";
  return col === "note" ? (obs.note ?? "") : editableNumber(obs[col]);
}

let nextKey = 1;

export class GridRowModel {
  readonly key = nextKey++;
  period: PeriodInfo = $state({ label: "", start: "", end: "" });
  obs: Observation | null = $state(null);
  /** Typed in "Add period" and not stored yet; the core normalises its label on save. */
  pending = $state(false);
  draft: Record<Col, string> = $state({ value: "", target: "", target_low: "", target_high: "", note: "" });
  suppressed = $state(false);
  errors: Partial<Record<ErrorKey, string>> = $state({});

  constructor(period: PeriodInfo, obs: Observation | null, pending = false) {
    this.period = period;
    this.pending = pending;
    this.setStored(obs);
  }

  original(col: Col): string {
    return originalText(this.obs, col);
  }

  isDirty(col: Col): boolean {
    return this.draft[col] !== this.original(col);
  }

  suppressedDirty(): boolean {
    return this.suppressed !== (this.obs?.suppressed ?? false);
  }

  anyDirty(): boolean {
    return ALL_COLS.some((c) => this.isDirty(c)) || this.suppressedDirty();
  }

  revert(col: Col): void {
    this.draft[col] = this.original(col);
    delete this.errors[col];
  }

  /** Resets every cell to what is stored. */
  setStored(obs: Observation | null): void {
    this.obs = obs;
    for (const c of ALL_COLS) this.draft[c] = originalText(obs, c);
    this.suppressed = obs?.suppressed ?? false;
  }

  /**
   * Takes the stored observation after a save; a cell keeps its draft only when the user
   * typed something new into it while the save was in flight.
   */
  applySaved(obs: Observation | null, sent: Partial<Record<Col, string>>, sentSuppressed: boolean | null): void {
    const before: Record<string, string> = {};
    for (const c of ALL_COLS) before[c] = this.original(c);
    const suppressedBefore = this.obs?.suppressed ?? false;
    this.obs = obs;
    for (const c of ALL_COLS) {
      const d = this.draft[c];
      if (d === before[c] || (c in sent && d === sent[c])) this.draft[c] = originalText(obs, c);
      delete this.errors[c];
    }
    if (this.suppressed === suppressedBefore || this.suppressed === sentSuppressed) this.suppressed = obs?.suppressed ?? false;
    delete this.errors.suppressed;
    delete this.errors.period;
  }
}

interface SentRow {
  row: GridRowModel;
  cells: Partial<Record<Col, string>>;
  suppressed: boolean | null;
}

export class GridEditor {
  readonly backend: Backend;
  readonly measure: Measure;
  readonly groupIds: string[];

  rows: GridRowModel[] = $state([]);
  status: SaveStatus = $state("idle");
  loading = $state(false);
  /** An error that is not about one cell. */
  banner: string | null = $state(null);
  savedAt: Date | null = $state(null);
  /** Open and resolved comments by observation id (the grid's markers). */
  comments: Map<string, { open: number; resolved: number }> = $state(new Map());

  private queue: Promise<unknown> = Promise.resolve();

  constructor(backend: Backend, measure: Measure, groupIds: string[]) {
    this.backend = backend;
    this.measure = measure;
    this.groupIds = groupIds;
  }

  /** The number columns shown, in order: a range polarity has a low and a high target. */
  get numberColumns(): NumCol[] {
    return this.measure.polarity === "range" ? ["value", "target_low", "target_high"] : ["value", "target"];
  }

  get columns(): Col[] {
    return [...this.numberColumns, "note"];
  }

  async load(): Promise<void> {
    this.loading = true;
    this.banner = null;
    try {
      const rows = await this.backend.measureGrid(this.measure.id, this.groupIds);
      this.rows = rows.map((r) => new GridRowModel(r.period, r.observation));
      this.status = "idle";
      await this.loadComments();
    } catch (e) {
      this.banner = toApiError(e).message;
    } finally {
      this.loading = false;
    }
  }

  /** Reloads the comment counts behind the markers (a failure only hides the markers). */
  async loadComments(): Promise<void> {
    try {
      const counts = await this.backend.commentCounts(this.measure.id);
      this.comments = new Map(counts.values.map((v) => [v.observation_id, { open: v.open, resolved: v.resolved }]));
    } catch {
      this.comments = new Map();
    }
  }

  /** The open comments on a row's value (0 without a value). */
  openComments(row: GridRowModel): number {
    return row.obs ? (this.comments.get(row.obs.id)?.open ?? 0) : 0;
  }

  /** Called on every keystroke in a cell. */
  edited(row: GridRowModel, col: Col): void {
    delete row.errors[col];
    if (this.status !== "saving") this.status = this.rows.some((r) => r.anyDirty()) ? "dirty" : "idle";
  }

  /** Saves every changed row; resolves true when nothing is left unsaved by this call. */
  save(): Promise<boolean> {
    const run = this.queue.then(() => this.saveNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private collect(): { edits: ObservationEdit[]; sent: SentRow[] } {
    const edits: ObservationEdit[] = [];
    const sent: SentRow[] = [];
    for (const row of this.rows) {
      if (!row.anyDirty()) continue;
      const cells: Partial<Record<Col, string>> = {};
      const edit: ObservationEdit = {
        period: row.period.label,
        group_ids: [...this.groupIds],
        value: null,
        target: null,
        target_low: null,
        target_high: null,
        note: null,
        suppressed: row.suppressedDirty() ? row.suppressed : null,
      };
      for (const c of ALL_COLS) {
        if (row.isDirty(c)) {
          edit[c] = row.draft[c];
          cells[c] = row.draft[c];
        }
      }
      edits.push(edit);
      sent.push({ row, cells, suppressed: edit.suppressed });
    }
    return { edits, sent };
  }

  private async saveNow(): Promise<boolean> {
    const { edits, sent } = this.collect();
    if (edits.length === 0) return true;
    this.status = "saving";
    this.banner = null;
    try {
      const report = await this.backend.saveObservations(this.measure.id, edits);
      this.merge(report.rows, sent);
      this.savedAt = new Date();
      this.status = this.rows.some((r) => r.anyDirty()) ? "dirty" : "saved";
      return true;
    } catch (e) {
      const err = toApiError(e);
      if (!this.showAtCell(err, sent)) this.banner = err.message;
      this.status = "error";
      return false;
    }
  }

  /**
   * Puts the saved observations in place. Works whether the core answers with the saved
   * rows only or with the whole grid: rows are matched by period label, new ones are
   * inserted in period order, and rows typed under "Add period" give way to the row with
   * the core's canonical label.
   */
  private merge(saved: GridRow[], sent: SentRow[]): void {
    const sentByRow = new Map(sent.map((s) => [s.row, s]));
    const rows = this.rows.filter((r) => !(r.pending && sentByRow.has(r)));
    for (const g of saved) {
      const existing = rows.find((r) => !r.pending && r.period.label === g.period.label);
      if (existing) {
        const s = sentByRow.get(existing);
        existing.period = g.period;
        if (s) existing.applySaved(g.observation, s.cells, s.suppressed);
        else if (!existing.anyDirty()) existing.setStored(g.observation);
      } else {
        const row = new GridRowModel(g.period, g.observation);
        const at = rows.findIndex((r) => r.pending || (r.period.start !== "" && r.period.start > g.period.start));
        if (at < 0) rows.push(row);
        else rows.splice(at, 0, row);
      }
    }
    this.rows = rows;
  }

  /**
   * Shows a save error at its cell. The field is "row N column" (N counts the edits sent,
   * from 1) and the message starts with the period's label. The row number is trusted when
   * the message names that row's period; otherwise the period named first in the message
   * decides (a typed number such as "2023" may also appear in it, later).
   */
  private showAtCell(err: ApiError, sent: SentRow[]): boolean {
    const m = /^row\s+(\d+)\s+(\w+)$/i.exec(err.field ?? "");
    if (!m || sent.length === 0) return false;
    const col = m[2].toLowerCase() as ErrorKey;
    if (!["value", "target", "target_low", "target_high", "note", "suppressed", "period"].includes(col)) return false;
    const byNumber = Number(m[1]) - 1;
    const names = (i: number) => {
      const label = sent[i]?.row.period.label ?? "";
      return label !== "" && err.message.includes(label);
    };
    let index = byNumber;
    if (!names(byNumber)) {
      const named = sent
        .map((s, i) => ({ i, at: err.message.indexOf(s.row.period.label), len: s.row.period.label.length }))
        .filter((x) => x.len > 0 && x.at >= 0)
        .sort((a, b) => a.at - b.at || b.len - a.len)[0];
      if (named) index = named.i;
    }
    if (index < 0 || index >= sent.length) index = Math.min(Math.max(byNumber, 0), sent.length - 1);
    sent[index].row.errors[col] = err.message;
    return true;
  }

  /**
   * A paste of several cells (newlines and/or tabs) starting at `rowIndex`/`col`: fills
   * that cell and the ones below (and, for 2+ columns, the number columns to the right:
   * Value then Target), adding periods past the end when needed, and saves it all in one
   * call. Returns false when the text is a single cell (let the browser paste it).
   */
  async paste(rowIndex: number, col: Col, text: string): Promise<boolean> {
    const matrix = parseClipboard(text);
    if (!matrix) return false;
    const cols = this.columns;
    const startCol = cols.indexOf(col);
    let targets: Col[] = [col];
    if (col !== "note" && pasteWidth(matrix) >= 2) {
      const numeric = this.numberColumns;
      targets = numeric.slice(numeric.indexOf(col as NumCol), numeric.indexOf(col as NumCol) + pasteWidth(matrix));
    }
    if (startCol < 0) return false;
    const missing = rowIndex + matrix.length - this.rows.length;
    if (missing > 0) {
      const ok = await this.appendPeriods(missing);
      if (!ok) return true;
    }
    matrix.forEach((cells, i) => {
      const row = this.rows[rowIndex + i];
      if (!row) return;
      targets.forEach((c, j) => {
        row.draft[c] = cells[j] ?? "";
        delete row.errors[c];
      });
    });
    await this.save();
    return true;
  }

  private lastStoredLabel(): string | null {
    for (let i = this.rows.length - 1; i >= 0; i--) if (!this.rows[i].pending) return this.rows[i].period.label;
    return null;
  }

  /** Adds `count` periods after the last one (periods_after). */
  async appendPeriods(count: number): Promise<boolean> {
    const last = this.lastStoredLabel();
    if (!last) {
      this.banner = "There is no period to continue from: type one under “Add period”.";
      return false;
    }
    try {
      const periods = await this.backend.periodsAfter(this.measure.id, last, count);
      const firstPending = this.rows.findIndex((r) => r.pending);
      const added = periods
        .filter((p) => !this.rows.some((r) => r.period.label === p.label))
        .map((p) => new GridRowModel(p, null));
      const rows = [...this.rows];
      rows.splice(firstPending < 0 ? rows.length : firstPending, 0, ...added);
      this.rows = rows;
      return true;
    } catch (e) {
      this.banner = toApiError(e).message;
      return false;
    }
  }

  /**
   * "Add period": a typed label becomes a row (saved, and normalised by the core, when a
   * value is entered); an empty one adds the next period. Resolves to the row's index.
   */
  async addPeriod(label: string): Promise<number> {
    const text = label.trim();
    if (text === "") {
      const ok = await this.appendPeriods(1);
      return ok ? this.lastIndexBeforePending() : -1;
    }
    const existing = this.rows.findIndex((r) => r.period.label.toLowerCase() === text.toLowerCase());
    if (existing >= 0) return existing;
    this.rows = [...this.rows, new GridRowModel({ label: text, start: "", end: "" }, null, true)];
    return this.rows.length - 1;
  }

  private lastIndexBeforePending(): number {
    const firstPending = this.rows.findIndex((r) => r.pending);
    return (firstPending < 0 ? this.rows.length : firstPending) - 1;
  }
}
