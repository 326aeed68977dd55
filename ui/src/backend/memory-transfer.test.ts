import { describe, expect, it } from "vitest";
import type { Initiative } from "../bindings/Initiative";
import { seeded } from "../test-utils";
import { backupInfo, backupsFolderOf, importOptions, resolveInitiative } from "./memory-transfer";

const ini = (id: string, name: string, is_sample = false) => ({ id, name, is_sample }) as Initiative;

describe("the memory backend's imports resolve the initiative as the core does", () => {
  const live = [ini("s", "Riverbend (sample)", true), ini("a", "Eastside Promise")];

  it("by id, then by name in any case; another name is a new initiative", () => {
    expect(resolveInitiative("a", live)).toEqual({ id: "a", name: "Eastside Promise", created: false });
    expect(resolveInitiative("eastside promise", live)).toEqual({ id: "a", name: "Eastside Promise", created: false });
    expect(resolveInitiative(" Colorado ", live)).toEqual({ id: null, name: "Colorado", created: true });
  });

  it("with none given: the only one that is not the sample, else a new \"Imported data\"", () => {
    expect(resolveInitiative(null, live)).toEqual({ id: "a", name: "Eastside Promise", created: false });
    expect(resolveInitiative(null, [...live, ini("b", "Westside")])).toEqual({ id: null, name: "Imported data", created: true });
  });

  it("answers an unknown file with the problem the core reports, and writes nothing", async () => {
    const { memory } = await seeded();
    const s = await memory.runImport("/tmp/none.csv", importOptions(), () => {});
    expect(s.imported).toBe(false);
    expect(s.errors).toEqual([{ row: null, column: null, message: "/tmp/none.csv: No such file or directory (os error 2)" }]);
    expect(memory.imports).toEqual([]);
  });
});

describe("the memory backend's backups", () => {
  it("are named and dated as the core names them", () => {
    expect(backupsFolderOf("/data/backbone.sqlite")).toBe("/data/backbone-backups");
    const at = new Date("2026-11-24T09:05:07.345Z");
    const b = backupInfo("/data/backbone-backups", "daily", at, [], 8192);
    expect(b).toEqual({
      path: "/data/backbone-backups/daily-2026-11-24T090507Z.sqlite",
      file_name: "daily-2026-11-24T090507Z.sqlite",
      kind: "daily",
      created_at: "2026-11-24T09:05:07.000Z",
      size_bytes: 8192,
    });
    // A second one in the same second gets -2.
    expect(backupInfo("/d", "daily", at, [b.file_name], 1).file_name).toBe("daily-2026-11-24T090507Z-2.sqlite");
  });

  it("hold the store as it was, and a restore keeps what it replaces", async () => {
    const { memory, initiative } = await seeded();
    const backup = await memory.backupNow();
    await memory.deleteItem("initiative", initiative.id);
    const report = await memory.restoreDatabase(backup.path);
    expect((await memory.listInitiatives()).map((i) => i.id)).toEqual([initiative.id]);
    expect(report.before_restore?.kind).toBe("before_restore");
    expect((await memory.listBackups()).map((b) => b.kind).sort()).toEqual(["before_restore", "manual"]);
    await expect(memory.restoreDatabase("/nowhere.sqlite")).rejects.toMatchObject({ code: "io" });
  });
});
