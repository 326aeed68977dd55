import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryBackend } from "../backend/memory";
import { renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());

async function openSettings(memory: MemoryBackend) {
  const user = userEvent.setup();
  await renderApp(memory);
  await user.click(screen.getByTestId("nav-settings"));
  return user;
}

describe("Settings: database and backups", () => {
  it("shows where the database and its backups are, and lists the backups with kind, date and size", async () => {
    const { memory } = await seeded();
    memory.addBackup("daily", new Date("2025-03-14T09:00:00Z"));
    memory.addBackup("before_migration", new Date("2025-03-01T08:30:00Z"));
    await openSettings(memory);

    expect(screen.getByTestId("settings-db-path")).toHaveTextContent("/home/user/.local/share/backbone/backbone.sqlite");
    expect(await screen.findByTestId("settings-backups-folder")).toHaveTextContent("/home/user/.local/share/backbone/backbone-backups");
    const rows = await screen.findAllByTestId("settings-backup");
    // Newest first, as the core lists them.
    expect(rows.map((r) => r.dataset.kind)).toEqual(["daily", "before_migration"]);
    expect(rows[0]).toHaveAttribute("data-path", "/home/user/.local/share/backbone/backbone-backups/daily-2025-03-14T090000Z.sqlite");
    expect(rows[0]).toHaveTextContent("Daily");
    expect(rows[0]).toHaveTextContent("Mar 14, 2025");
    expect(rows[0]).toHaveTextContent(/\d+(\.\d)? KB/);
    expect(rows[1]).toHaveTextContent("Before an upgrade");
  });

  it("backs up now: a manual backup joins the list", async () => {
    const { memory } = await seeded();
    const user = await openSettings(memory);
    expect(await screen.findByTestId("settings-no-backups")).toBeInTheDocument();
    await user.click(screen.getByTestId("backup-now"));
    const row = await screen.findByTestId("settings-backup");
    expect(row).toHaveAttribute("data-kind", "manual");
    expect(screen.getByTestId("toast")).toHaveTextContent("Backed up to manual-2025-03-15T120000Z.sqlite");
  });

  it("restores a backup after a confirmation that says the current data is kept, then shows the restored data", async () => {
    const { memory } = await seeded();
    const daily = memory.addBackup("daily", new Date("2025-03-15T08:00:00Z"));
    // Made after the backup: the restore takes it away.
    const later = await memory.createInitiative({
      name: "Westside Works", shared_result: "", geography: "", sectoral_home: "public", backbone_org: "", equity_statement: "",
    });
    const user = await openSettings(memory);
    expect(within(screen.getByTestId("initiative-switcher")).getByRole("option", { name: "Westside Works" })).toBeInTheDocument();

    const row = (await screen.findAllByTestId("settings-backup")).find((r) => r.dataset.kind === "daily")!;
    await user.click(within(row).getByTestId("restore-backup"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("What it holds now is kept as a “before a restore” backup");
    // Cancel first: nothing happens.
    await user.click(within(dialog).getByTestId("cancel"));
    expect(memory.callsTo("restoreDatabase")).toHaveLength(0);

    await user.click(within(row).getByTestId("restore-backup"));
    await user.click(within(screen.getByTestId("confirm-dialog")).getByTestId("confirm"));
    await waitFor(() => expect(memory.callsTo("restoreDatabase")).toHaveLength(1));
    expect(memory.callsTo("restoreDatabase")[0].args).toEqual([daily.path]);

    // Everything is read again: the initiative made after the backup is gone.
    await waitFor(() =>
      expect(within(screen.getByTestId("initiative-switcher")).queryByRole("option", { name: "Westside Works" })).toBeNull(),
    );
    expect((await memory.listInitiatives()).map((i) => i.id)).not.toContain(later.id);
    expect(screen.getByTestId("toast")).toHaveTextContent("What it held before is kept as before-restore-");
    await waitFor(() =>
      expect(screen.getAllByTestId("settings-backup").map((r) => r.dataset.kind)).toContain("before_restore"),
    );
  });

  it("restores from a file chosen in the dialog, and shows why one cannot be restored", async () => {
    const { memory } = await seeded();
    memory.restorePath = "/media/usb/old.sqlite";
    const user = await openSettings(memory);
    await user.click(screen.getByTestId("restore-file"));
    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("replaced by /media/usb/old.sqlite");
    await user.click(screen.getByTestId("confirm"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("/media/usb/old.sqlite: No such file or directory");
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
  });
});

describe("Settings: export", () => {
  it("exports the open initiative in the format chosen, through the save dialog", async () => {
    const { memory, initiative, measure } = await seeded();
    await memory.saveObservations(measure.id, [
      { period: "2023", group_ids: [], value: "61.5", target: null, target_low: null, target_high: null, note: null, suppressed: null },
      { period: "2024", group_ids: [], value: "63.2", target: null, target_low: null, target_high: null, note: null, suppressed: null },
    ]);
    memory.exportPath = "/home/user/eastside.csv";
    const user = await openSettings(memory);

    await user.click(screen.getByTestId("export-csv"));
    expect(await screen.findByTestId("export-result")).toHaveTextContent("Wrote 2 values of “Eastside Promise” to /home/user/eastside.csv");
    const [format, name] = memory.callsTo("chooseExportPath")[0].args as [string, string];
    expect(format).toBe("csv");
    expect(name).toMatch(/^eastside-promise-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(memory.callsTo("exportInitiative")[0].args).toEqual([initiative.id, "csv", "/home/user/eastside.csv"]);

    memory.exportPath = "/home/user/eastside.xlsx";
    await user.click(screen.getByTestId("export-xlsx"));
    await waitFor(() => expect(screen.getByTestId("export-result")).toHaveTextContent("2 values on 3 sheets"));
  });

  it("writes nothing when the save dialog is cancelled", async () => {
    const { memory } = await seeded();
    const user = await openSettings(memory);
    await user.click(screen.getByTestId("export-json"));
    expect(memory.callsTo("chooseExportPath")).toHaveLength(1);
    expect(memory.callsTo("exportInitiative")).toHaveLength(0);
    expect(screen.queryByTestId("export-result")).toBeNull();
  });
});
