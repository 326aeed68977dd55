import { describe, expect, it } from "vitest";
import { ProgressMeter } from "./progress";

describe("ProgressMeter", () => {
  it("shows nothing before the first report", () => {
    expect(new ProgressMeter(0).view()).toEqual({ rowsRead: 0, percent: null, rowsPerSecond: null });
  });

  it("measures rows per second between the first and the last report", () => {
    const m = new ProgressMeter(1000);
    m.add({ rows_read: 4096, done: 100_000, total: 1_000_000 }, 1500);
    m.add({ rows_read: 12288, done: 300_000, total: 1_000_000 }, 2500);
    // 8,192 rows in one second; 30% of the bytes.
    expect(m.view()).toEqual({ rowsRead: 12288, percent: 30, rowsPerSecond: 8192 });
  });

  it("uses the time since the start when there is one report", () => {
    const m = new ProgressMeter(1000);
    m.add({ rows_read: 4096, done: 1, total: 4 }, 3000);
    expect(m.view()).toEqual({ rowsRead: 4096, percent: 25, rowsPerSecond: 2048 });
  });

  it("has no percentage when the total is unknown (XLSX)", () => {
    const m = new ProgressMeter(0);
    m.add({ rows_read: 4096, done: 4096, total: 0 }, 1000);
    expect(m.view().percent).toBeNull();
    expect(m.view().rowsPerSecond).toBe(4096);
  });
});
