import { describe, expect, it } from "vitest";
import { MemoryBackend, parseNumberText } from "./memory";
import { indicatorInput, seeded } from "../test-utils";

describe("MemoryBackend behaves like the store", () => {
  it("rejects an empty name with invalid_input at the name field", async () => {
    const m = new MemoryBackend();
    await expect(
      m.createInitiative({ name: "  ", shared_result: "", geography: "", sectoral_home: "public", backbone_org: "", equity_statement: "" }),
    ).rejects.toMatchObject({ code: "invalid_input", field: "name" });
  });

  it("answers not_found for an unknown id", async () => {
    const m = new MemoryBackend();
    await expect(m.getInitiative("nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(m.deleteItem("partner", "nope")).rejects.toMatchObject({ code: "not_found" });
  });

  it("soft-deletes to the trash and restores", async () => {
    const { memory, initiative, partner } = await seeded();
    await memory.deleteItem("partner", partner.id);
    expect(await memory.listPartners(initiative.id)).toEqual([]);
    expect(await memory.listTrash(initiative.id)).toMatchObject([{ kind: "partner", id: partner.id, name: "Eastside Library" }]);
    await memory.restoreItem("partner", partner.id);
    expect((await memory.listPartners(initiative.id)).map((p) => p.id)).toEqual([partner.id]);
    expect(await memory.listTrash(initiative.id)).toEqual([]);
  });

  it("saves all or nothing, naming the row and the period", async () => {
    const { memory, measure } = await seeded();
    const edit = (period: string, value: string) => ({
      period, group_ids: [], value, target: null, target_low: null, target_high: null, note: null, suppressed: null,
    });
    await expect(memory.saveObservations(measure.id, [edit("2022", "70"), edit("2023", "abc")])).rejects.toMatchObject({
      code: "invalid_input",
      field: "row 2 value",
      message: expect.stringContaining("2023"),
    });
    expect((await memory.measureGrid(measure.id, [])).filter((r) => r.observation)).toEqual([]);
    const report = await memory.saveObservations(measure.id, [edit("2022", "70"), edit("2023", "72.4%")]);
    expect(report.saved).toBe(2);
    // Like the core, the answer is the whole grid after the save: 2022 to three years past 2023.
    expect(report.rows.map((r) => [r.period.label, r.observation?.value ?? null])).toEqual([
      ["2022", 70], ["2023", 72.4], ["2024", null], ["2025", null], ["2026", null],
    ]);
  });

  it("checks percentages and the suppressed rules as the core does", async () => {
    const { memory, measure } = await seeded();
    const edit = (over: object) => ({
      period: "2023", group_ids: [], value: null, target: null, target_low: null, target_high: null, note: null, suppressed: null, ...over,
    });
    await expect(memory.saveObservations(measure.id, [edit({ value: "140" })])).rejects.toMatchObject({ field: "row 1 value" });
    await expect(memory.saveObservations(measure.id, [edit({ value: "5", suppressed: true })])).rejects.toMatchObject({ field: "row 1 value" });
    await memory.saveObservations(measure.id, [edit({ value: "50" })]);
    const supp = await memory.saveObservations(measure.id, [edit({ suppressed: true })]);
    // Suppressing replaces the number the source withheld.
    expect(supp.rows.find((r) => r.period.label === "2023")!.observation).toMatchObject({ value: null, suppressed: true });
    const typed = await memory.saveObservations(measure.id, [edit({ value: "51" })]);
    expect(typed.rows.find((r) => r.period.label === "2023")!.observation).toMatchObject({ value: 51, suppressed: false });
    // Clearing every cell removes the observation.
    const cleared = await memory.saveObservations(measure.id, [edit({ value: "" })]);
    expect(cleared.rows.every((r) => r.observation === null)).toBe(true);
  });

  it("grids from the first value to three periods past the last", async () => {
    const { memory, measure } = await seeded();
    await memory.saveObservations(measure.id, [
      { period: "2019", group_ids: [], value: "1", target: null, target_low: null, target_high: null, note: null, suppressed: null },
    ]);
    expect((await memory.measureGrid(measure.id, [])).map((r) => r.period.label)).toEqual(["2019", "2020", "2021", "2022"]);
  });

  it("knows the calendars the grid shows", async () => {
    const { memory, result, initiative } = await seeded();
    const sy = await memory.createMeasure(initiative.id, indicatorInput(result.id, { calendar: "school_year" }));
    expect((await memory.periodsAfter(sy.id, "2023-24", 2)).map((p) => [p.label, p.start])).toEqual([
      ["2024-25", "2024-08-01"],
      ["2025-26", "2025-08-01"],
    ]);
    const wk = await memory.createMeasure(initiative.id, indicatorInput(result.id, { calendar: "week" }));
    expect((await memory.periodsAfter(wk.id, "2024W52", 2)).map((p) => p.label)).toEqual(["2025W01", "2025W02"]);
    const q = await memory.createMeasure(initiative.id, indicatorInput(result.id, { calendar: "quarter" }));
    expect(await memory.periodsAfter(q.id, "Q4 2024", 1)).toEqual([{ label: "2025Q1", start: "2025-01-01", end: "2025-03-31" }]);
  });

  it("parses numbers as typed", () => {
    expect(parseNumberText("1,234")).toBe(1234);
    expect(parseNumberText("$5,000")).toBe(5000);
    expect(parseNumberText("72.4%")).toBe(72.4);
    expect(parseNumberText("")).toBeNull();
    expect(parseNumberText("abc")).toBe("bad");
  });
});
