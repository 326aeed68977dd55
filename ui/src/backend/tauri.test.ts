import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
/** Stands in for Tauri's Channel: the handler the backend gives it is what the shell's messages reach. */
class FakeChannel<T> {
  constructor(public onmessage: (m: T) => void) {}
}
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args), Channel: FakeChannel }));
const save = vi.fn(async (_options: unknown): Promise<string | null> => null);
const open = vi.fn(async (_options: unknown): Promise<string | string[] | null> => "/tmp/other.backbone");
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: (o: unknown) => open(o), save: (o: unknown) => save(o) }));

const { tauriBackend } = await import("./tauri");

describe("tauriBackend", () => {
  beforeEach(() => invoke.mockReset());

  it("sends snake_case argument keys, exactly as the commands name them", async () => {
    invoke.mockResolvedValue([]);
    const b = tauriBackend();
    await b.listPartners("i1");
    await b.measureGrid("m1", ["g1"]);
    await b.periodsAfter("m1", "2024", 2);
    await b.listTrash(null);
    expect(invoke.mock.calls).toEqual([
      ["list_partners", { initiative_id: "i1" }],
      ["measure_grid", { measure_id: "m1", group_ids: ["g1"] }],
      ["periods_after", { measure_id: "m1", period: "2024", count: 2 }],
      ["list_trash", { initiative_id: null }],
    ]);
  });

  it("sends the scorecard and chart commands with snake_case keys", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend();
    await b.scorecard("i1", "2023-24");
    await b.measureChart("m1", "print", ["m2"]);
    await b.sparklines("i1");
    await b.exportChart("m1", "/tmp/c.png", "presentation", 2, null);
    expect(invoke.mock.calls).toEqual([
      ["scorecard", { initiative_id: "i1", as_of: "2023-24" }],
      ["measure_chart", { measure_id: "m1", size: "print", compare_ids: ["m2"] }],
      ["sparklines", { initiative_id: "i1" }],
      ["export_chart", { measure_id: "m1", path: "/tmp/c.png", size: "presentation", scale: 2, compare_ids: null }],
    ]);
  });

  it("sends the group commands with snake_case keys", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend();
    await b.createDimension("i1", "Sex", "sex_gender");
    await b.renameDimension("d1", "Race");
    await b.setDimensionKind("d1", "race_ethnicity");
    await b.moveDimension("d1", "up");
    await b.createGroup("d1", "Asian");
    await b.renameGroup("g1", "Asian American");
    await b.setReferenceGroup("d1", null);
    await b.moveGroup("g1", "down");
    await b.addGroupAlias("g1", "Asian Students");
    await b.removeGroupAlias("a1");
    await b.mergeGroups("g2", "g1", true);
    expect(invoke.mock.calls).toEqual([
      ["create_dimension", { initiative_id: "i1", name: "Sex", kind: "sex_gender" }],
      ["rename_dimension", { id: "d1", name: "Race" }],
      ["set_dimension_kind", { id: "d1", kind: "race_ethnicity" }],
      ["move_dimension", { id: "d1", direction: "up" }],
      ["create_group", { dimension_id: "d1", name: "Asian" }],
      ["rename_group", { id: "g1", name: "Asian American" }],
      ["set_reference_group", { dimension_id: "d1", group_id: null }],
      ["move_group", { id: "g1", direction: "down" }],
      ["add_group_alias", { group_id: "g1", alias: "Asian Students" }],
      ["remove_group_alias", { alias_id: "a1" }],
      ["merge_groups", { from_id: "g2", into_id: "g1", dry_run: true }],
    ]);
  });

  it("sends the equity commands with snake_case keys", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend();
    await b.measureDimensions("m1");
    await b.equityFigures("m1", "d1", "2023-24");
    await b.equityFigures("m1", null, null);
    await b.gapSeries("m1", "d1");
    await b.equitySummary("i1");
    await b.groupChart("m1", "d1", "presentation");
    await b.gapChart("m1", null, "print");
    expect(invoke.mock.calls).toEqual([
      ["measure_dimensions", { measure_id: "m1" }],
      ["equity_figures", { measure_id: "m1", dimension_id: "d1", period: "2023-24" }],
      ["equity_figures", { measure_id: "m1", dimension_id: null, period: null }],
      ["gap_series", { measure_id: "m1", dimension_id: "d1" }],
      ["equity_summary", { initiative_id: "i1" }],
      ["group_chart", { measure_id: "m1", dimension_id: "d1", size: "presentation" }],
      ["gap_chart", { measure_id: "m1", dimension_id: null, size: "print" }],
    ]);
  });

  it("offers SVG and PNG in the chart's save dialog", async () => {
    save.mockResolvedValueOnce("/tmp/chart.png");
    expect(await tauriBackend().chooseChartPath("reading.svg")).toBe("/tmp/chart.png");
    expect(save).toHaveBeenLastCalledWith({
      title: "Save chart as",
      defaultPath: "reading.svg",
      filters: [
        { name: "SVG image", extensions: ["svg"] },
        { name: "PNG image", extensions: ["png"] },
      ],
    });
  });

  it("sends the import, export and backup commands with snake_case keys", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend();
    const options = { initiative: "i1", format: "auto", measure: null, location: null, unit: "percent", polarity: null, calendar: null, dimension: null, sheet: null, update: true, dry_run: false } as const;
    await b.previewImport("/data/a.csv", options);
    await b.cancelImport();
    await b.exportInitiative("i1", "xlsx", "/tmp/a.xlsx");
    await b.backupsFolder();
    await b.listBackups();
    await b.backupNow();
    await b.restoreDatabase("/tmp/b.sqlite");
    expect(invoke.mock.calls).toEqual([
      ["preview_import", { path: "/data/a.csv", options }],
      ["cancel_import", undefined],
      ["export_initiative", { initiative_id: "i1", format: "xlsx", path: "/tmp/a.xlsx" }],
      ["backups_folder", undefined],
      ["list_backups", undefined],
      ["backup_now", undefined],
      ["restore_database", { path: "/tmp/b.sqlite" }],
    ]);
  });

  it("runs an import with a channel that hands each progress report to the screen", async () => {
    const b = tauriBackend();
    const heard: unknown[] = [];
    invoke.mockImplementationOnce(async (_cmd: string, args: { on_progress: FakeChannel<unknown> }) => {
      // What the shell does while it imports.
      args.on_progress.onmessage({ rows_read: 4096, done: 10, total: 100 });
      return { imported: true };
    });
    const options = { initiative: null, format: "auto", measure: null, location: null, unit: null, polarity: null, calendar: null, dimension: null, sheet: null, update: false, dry_run: false } as const;
    await expect(b.runImport("/data/a.csv", options, (p) => heard.push(p))).resolves.toEqual({ imported: true });
    expect(invoke.mock.calls[0][0]).toBe("run_import");
    expect(invoke.mock.calls[0][1]).toMatchObject({ path: "/data/a.csv", options });
    expect(heard).toEqual([{ rows_read: 4096, done: 10, total: 100 }]);
  });

  it("offers data files to import, the export's own format to save, and databases to restore", async () => {
    const b = tauriBackend();
    open.mockResolvedValueOnce("/data/a.xlsx");
    expect(await b.chooseImportFile()).toBe("/data/a.xlsx");
    expect(open).toHaveBeenLastCalledWith(expect.objectContaining({
      multiple: false,
      filters: expect.arrayContaining([{ name: "Data files (CSV, Excel, JSON bundle)", extensions: ["csv", "xlsx", "json"] }]),
    }));
    save.mockResolvedValueOnce("/tmp/e.json");
    expect(await b.chooseExportPath("json", "eastside.json")).toBe("/tmp/e.json");
    expect(save).toHaveBeenLastCalledWith({ title: "Export initiative", defaultPath: "eastside.json", filters: [{ name: "Backbone JSON bundle", extensions: ["json"] }] });
    open.mockResolvedValueOnce(null);
    expect(await b.chooseBackupToRestore()).toBeNull();
  });

  it("passes the core's ApiError through and normalises anything else", async () => {
    const b = tauriBackend();
    invoke.mockRejectedValueOnce({ code: "not_found", message: "No initiative.", field: null });
    await expect(b.getInitiative("x")).rejects.toEqual({ code: "not_found", message: "No initiative.", field: null });
    invoke.mockRejectedValueOnce("invalid args `id` for command `get_initiative`");
    await expect(b.getInitiative("x")).rejects.toEqual({
      code: "invalid_request",
      message: "invalid args `id` for command `get_initiative`",
      field: null,
    });
  });

  it("returns the path chosen in the native dialogs, or null when cancelled", async () => {
    const b = tauriBackend();
    expect(await b.chooseDatabaseToOpen()).toBe("/tmp/other.backbone");
    expect(await b.chooseBackupPath()).toBeNull();
  });
});
