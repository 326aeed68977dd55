import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
const save = vi.fn(async (_options: unknown): Promise<string | null> => null);
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(async () => "/tmp/other.backbone"), save: (o: unknown) => save(o) }));

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
