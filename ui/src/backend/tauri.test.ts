import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(async () => "/tmp/other.backbone"), save: vi.fn(async () => null) }));

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
