import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args), Channel: class {} }));
const save = vi.fn(async (_options: unknown): Promise<string | null> => "/media/usb/changes.bbsync");
const open = vi.fn(async (_options: unknown): Promise<string | string[] | null> => "/shared/backbone");
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: (o: unknown) => open(o), save: (o: unknown) => save(o) }));

const { tauriBackend } = await import("./tauri");

describe("tauriBackend: sync", () => {
  beforeEach(() => {
    invoke.mockReset();
    save.mockClear();
    open.mockClear();
  });

  it("sends the sync commands with the argument keys the commands name (the Keep tagged as in Rust)", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend();
    await b.syncStatus();
    await b.syncExport(null, "/tmp/a.bbsync");
    await b.syncExport("r2", "/tmp/b.bbsync");
    await b.syncImport("/tmp/c.bbsync");
    await b.syncConflicts(true);
    await b.syncResolve("c1", { keep: "value", value: "12" });
    await b.setSyncFolder(null);
    await b.syncFolderNow();
    expect(invoke.mock.calls).toEqual([
      ["sync_status", undefined],
      ["sync_export", { for_replica: null, path: "/tmp/a.bbsync" }],
      ["sync_export", { for_replica: "r2", path: "/tmp/b.bbsync" }],
      ["sync_import", { path: "/tmp/c.bbsync" }],
      ["sync_conflicts", { open_only: true }],
      ["sync_resolve", { id: "c1", keep: { keep: "value", value: "12" } }],
      ["set_sync_folder", { path: null }],
      ["sync_folder_now", undefined],
    ]);
  });

  it("asks for change files by their extension and for the sync folder as a folder", async () => {
    const b = tauriBackend();
    expect(await b.chooseSyncExportPath("Backbone changes from Jo 2025-03-15.bbsync")).toBe("/media/usb/changes.bbsync");
    expect(save.mock.calls[0][0]).toMatchObject({ defaultPath: "Backbone changes from Jo 2025-03-15.bbsync", filters: [{ extensions: ["bbsync"] }] });
    await b.chooseSyncImportFile();
    expect(open.mock.calls[0][0]).toMatchObject({ directory: false, filters: [{ extensions: ["bbsync"] }] });
    expect(await b.chooseSyncFolder()).toBe("/shared/backbone");
    expect(open.mock.calls[1][0]).toMatchObject({ directory: true });
  });
});
