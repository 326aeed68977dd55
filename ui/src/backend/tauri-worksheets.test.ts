import { describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args), Channel: class {} }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));

const { tauriBackend } = await import("./tauri");

describe("tauriBackend: worksheets", () => {
  it("sends the worksheet commands with snake_case keys, as src-tauri/src/commands/worksheets.rs names them", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend();
    const input = { how_doing: "", story: "s", factors: [], partners: [], ideas: [], action_plan: "" };
    await b.getWorksheet("m1");
    await b.saveWorksheet("m1", input);
    await b.worksheetRevisions("m1");
    await b.worksheetRevision("m1", 2);
    await b.worksheetDiff("m1", 1, 2);
    expect(invoke.mock.calls).toEqual([
      ["get_worksheet", { measure_id: "m1" }],
      ["save_worksheet", { measure_id: "m1", input }],
      ["worksheet_revisions", { measure_id: "m1" }],
      ["worksheet_revision", { measure_id: "m1", revision: 2 }],
      ["worksheet_diff", { measure_id: "m1", from: 1, to: 2 }],
    ]);
  });
});
