/**
 * A running import's progress as the screen shows it: how far through the file, and how
 * fast, measured here from the core's progress reports and the time they arrived.
 */
import type { Progress } from "../bindings/Progress";

export interface ProgressView {
  rowsRead: number;
  /** 0-100, or null when the size of the work is not known (XLSX reports no total). */
  percent: number | null;
  /** Rows per second, or null until there is a stretch of time to measure. */
  rowsPerSecond: number | null;
}

/** Collects progress reports with their arrival times (milliseconds, any origin). */
export class ProgressMeter {
  private readonly startedAt: number;
  private first: { rows: number; at: number } | null = null;
  private last: { p: Progress; at: number } | null = null;

  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  add(p: Progress, at: number): void {
    if (!this.first) this.first = { rows: p.rows_read, at };
    this.last = { p, at };
  }

  view(): ProgressView {
    if (!this.last) return { rowsRead: 0, percent: null, rowsPerSecond: null };
    const { p, at } = this.last;
    const percent = p.total > 0 ? Math.min(100, (p.done / p.total) * 100) : null;
    // Between the first and the last report when they are apart; with one report, since
    // the import started (its rows were all read in that time).
    let rate: number | null = null;
    if (this.first && at > this.first.at && p.rows_read > this.first.rows) {
      rate = ((p.rows_read - this.first.rows) * 1000) / (at - this.first.at);
    } else if (at > this.startedAt && p.rows_read > 0) {
      rate = (p.rows_read * 1000) / (at - this.startedAt);
    }
    return { rowsRead: p.rows_read, percent, rowsPerSecond: rate };
  }
}
