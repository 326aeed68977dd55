import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportSummary } from "../bindings/ImportSummary";
import { MemoryBackend } from "../backend/memory";
import { NEW_INITIATIVE } from "../lib/import.svelte";
import { NOW, renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());
afterEach(() => vi.restoreAllMocks());

const GRAD = "/data/kidscount-colorado/high-school-graduation-rates.csv";

/** What the core answers for the KIDS COUNT graduation file (tests/it/import.rs has the real counts). */
const GRAD_SUMMARY: Partial<ImportSummary> = {
  format: "kids_count",
  format_note: "KIDS COUNT (header Location, TimeFrame, DataFormat, Data)",
  rows_read: 905,
  created: 895,
  skipped_missing: 10,
  measures_created: ["High school graduation rates"],
  flags: ["\"High school graduation rates\" was created as a percent measure where higher is better: check whether higher or lower is better"],
};

async function openImport(memory: MemoryBackend) {
  const user = userEvent.setup();
  await renderApp(memory);
  await user.click(screen.getByTestId("nav-import"));
  return user;
}

function lastOptions(memory: MemoryBackend, method: "previewImport" | "runImport"): ImportOptions {
  const calls = memory.callsTo(method);
  return calls[calls.length - 1].args[1] as ImportOptions;
}

describe("Import data: preview", () => {
  it("shows the format, where the values go, the counts, the new measures and what to check; nothing is written", async () => {
    const { memory, initiative } = await seeded();
    memory.registerImportFile(GRAD, GRAD_SUMMARY);
    const user = await openImport(memory);

    // The open initiative is where the values go unless another is chosen.
    expect(screen.getByTestId("import-initiative-choice")).toHaveValue(initiative.id);
    await user.type(screen.getByTestId("import-path"), GRAD);
    await user.click(screen.getByTestId("import-preview"));

    const summary = await screen.findByTestId("import-summary");
    expect(within(summary).getByTestId("import-format")).toHaveTextContent("KIDS COUNT (header Location, TimeFrame");
    expect(within(summary).getByTestId("import-initiative")).toHaveTextContent("Eastside Promise");
    expect(within(summary).getByTestId("import-initiative")).not.toHaveTextContent("will be created");
    expect(within(summary).getByTestId("import-rows-read")).toHaveTextContent("905");
    expect(within(summary).getByTestId("import-count-created")).toHaveTextContent("895");
    expect(within(summary).getByTestId("import-count-skipped_missing")).toHaveTextContent("10");
    expect(within(summary).getByTestId("import-count-skipped_existing")).toHaveTextContent("0");
    expect(within(summary).getByTestId("import-measures")).toHaveTextContent("High school graduation rates");
    expect(within(summary).getByTestId("import-flag")).toHaveTextContent("Check: \"High school graduation rates\" was created as a percent");
    expect(within(summary).queryByTestId("import-problems")).toBeNull();

    // The preview is the core's dry run, with the options as typed.
    expect(lastOptions(memory, "previewImport")).toMatchObject({ initiative: initiative.id, format: "auto", dry_run: true, update: false });
    expect(memory.callsTo("runImport")).toHaveLength(0);
    expect(screen.getByTestId("import-run")).toBeEnabled();
  });

  it("lists every problem with its row and column, and keeps Import disabled", async () => {
    const { memory } = await seeded();
    memory.registerImportFile("/data/bad.csv", {
      format: "kids_count",
      format_note: "KIDS COUNT (header Location, TimeFrame, DataFormat, Data)",
      rows_read: 4,
      errors: [
        { row: 3, column: "Data (column 4)", message: "\"abc\" is not a number" },
        { row: 5, column: "TimeFrame (column 2)", message: "\"20x1\" is not a period" },
      ],
      error_count: 7,
    });
    const user = await openImport(memory);
    await user.type(screen.getByTestId("import-path"), "/data/bad.csv");
    await user.click(screen.getByTestId("import-preview"));

    const problems = await screen.findByTestId("import-problems");
    expect(problems).toHaveTextContent("7 problems: nothing can be imported");
    const rows = within(problems).getAllByTestId("import-problem");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute("data-row", "3");
    expect([...rows[0].querySelectorAll("td")].map((td) => td.textContent)).toEqual(["bad.csv", "3", "Data (column 4)", "\"abc\" is not a number"]);
    expect(rows[1]).toHaveTextContent("TimeFrame (column 2)");
    expect(within(problems).getByTestId("import-problems-more")).toHaveTextContent("and 5 more");
    // No counts are shown for a file that cannot be imported.
    expect(screen.queryByTestId("import-count-created")).toBeNull();
    expect(screen.getByTestId("import-run")).toBeDisabled();
  });

  it("names a file that is not there as the problem", async () => {
    const { memory } = await seeded();
    const user = await openImport(memory);
    await user.type(screen.getByTestId("import-path"), "/nowhere/values.csv");
    await user.click(screen.getByTestId("import-preview"));
    const row = await screen.findByTestId("import-problem");
    expect(row).toHaveTextContent("/nowhere/values.csv: No such file or directory");
    // A problem with the whole file has no row or column.
    expect(row).toHaveAttribute("data-row", "");
    expect([...row.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["values.csv", "—", "—", "/nowhere/values.csv: No such file or directory (os error 2)"]);
    expect(screen.getByTestId("import-run")).toBeDisabled();
  });

  it("asks for a file, and for the new initiative's name, at the field", async () => {
    const { memory } = await seeded();
    memory.registerImportFile(GRAD, GRAD_SUMMARY);
    const user = await openImport(memory);
    await user.selectOptions(screen.getByTestId("import-initiative-choice"), NEW_INITIATIVE);
    await user.click(screen.getByTestId("import-preview"));
    expect(screen.getByTestId("error-path")).toHaveTextContent("Choose a file");
    expect(screen.getByTestId("error-new_initiative")).toHaveTextContent("Name the new initiative");
    expect(memory.callsTo("previewImport")).toHaveLength(0);

    await user.type(screen.getByTestId("import-path"), GRAD);
    await user.type(screen.getByRole("textbox", { name: /New initiative/ }), "Colorado KIDS COUNT");
    await user.click(screen.getByTestId("import-preview"));
    expect(await screen.findByTestId("import-initiative")).toHaveTextContent("Colorado KIDS COUNT will be created");
    expect(lastOptions(memory, "previewImport").initiative).toBe("Colorado KIDS COUNT");
  });

  it("asks for a new preview when an option changes, and sends the unit and polarity chosen", async () => {
    const { memory } = await seeded();
    memory.registerImportFile(GRAD, GRAD_SUMMARY);
    const user = await openImport(memory);
    await user.type(screen.getByTestId("import-path"), GRAD);
    await user.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-summary");
    expect(screen.getByTestId("import-run")).toBeEnabled();

    // "Set unit and polarity" leads to the options that answer the flags.
    await user.click(screen.getByTestId("import-set-unit"));
    expect(document.activeElement).toBe(screen.getByRole("combobox", { name: "Unit" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Unit" }), "percent");
    await user.selectOptions(screen.getByRole("combobox", { name: "Polarity" }), "higher");
    await user.click(screen.getByRole("checkbox", { name: /Replace values already stored/ }));
    expect(screen.getByTestId("import-stale")).toBeInTheDocument();
    expect(screen.getByTestId("import-run")).toBeDisabled();

    await user.click(screen.getByTestId("import-preview"));
    await waitFor(() => expect(screen.queryByTestId("import-stale")).toBeNull());
    expect(screen.getByTestId("import-run")).toBeEnabled();
    expect(lastOptions(memory, "previewImport")).toMatchObject({ unit: "percent", polarity: "higher", update: true });
  });
});

describe("Import data: import", () => {
  it("imports what was previewed, says what it did, and links to the scorecard", async () => {
    const { memory } = await seeded();
    memory.registerImportFile(GRAD, GRAD_SUMMARY, [{ rows_read: 905, done: 41_000, total: 41_000 }]);
    const user = await openImport(memory);
    await user.selectOptions(screen.getByTestId("import-initiative-choice"), NEW_INITIATIVE);
    await user.type(screen.getByRole("textbox", { name: /New initiative/ }), "Colorado KIDS COUNT");
    await user.type(screen.getByTestId("import-path"), GRAD);
    await user.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-summary");
    await user.click(screen.getByTestId("import-run"));

    const result = await screen.findByTestId("import-result");
    expect(result).toHaveTextContent("Imported 895 values into “Colorado KIDS COUNT”, with 1 new measure.");
    expect(memory.imports).toHaveLength(1);
    expect(lastOptions(memory, "runImport")).toMatchObject({ initiative: "Colorado KIDS COUNT", dry_run: false });
    // The new initiative is in the switcher at once.
    const created = (await memory.listInitiatives()).find((i) => i.name === "Colorado KIDS COUNT")!;
    expect(within(screen.getByTestId("initiative-switcher")).getByRole("option", { name: "Colorado KIDS COUNT" })).toBeInTheDocument();

    await user.click(screen.getByTestId("import-open-scorecard"));
    await waitFor(() => expect(screen.getByTestId("initiative-name")).toHaveTextContent("Colorado KIDS COUNT"));
    expect(screen.getByTestId("nav-scorecard")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("initiative-switcher")).toHaveValue(created.id);
  });

  it("shows progress with rows per second; Cancel stops the import and nothing is written", async () => {
    const { memory } = await seeded();
    memory.registerImportFile(GRAD, { ...GRAD_SUMMARY, rows_read: 20_000, created: 20_000 }, [
      { rows_read: 4096, done: 100_000, total: 500_000 },
      { rows_read: 8192, done: 200_000, total: 500_000 },
    ]);
    // Each reading of the clock is half a second after the one before.
    let t = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (t += 500));
    const user = await openImport(memory);
    await user.type(screen.getByTestId("import-path"), GRAD);
    await user.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-summary");

    const release = memory.holdImports();
    await user.click(screen.getByTestId("import-run"));
    const bar = await screen.findByTestId("import-progress");
    expect((bar as HTMLProgressElement).value).toBe(40);
    expect(screen.getByTestId("import-rate")).toHaveTextContent(/8,192 rows read · [\d,]+ rows\/s/);
    // The rest of the app waits while the import holds the database.
    expect(screen.getByTestId("nav-scorecard")).toBeDisabled();
    expect(screen.getByTestId("import-preview")).toBeDisabled();
    expect(screen.getByTestId("import-run")).toBeDisabled();

    await user.click(screen.getByTestId("import-cancel"));
    expect(memory.callsTo("cancelImport")).toHaveLength(1);
    release();
    expect(await screen.findByTestId("import-cancelled")).toHaveTextContent("Import cancelled; nothing was written.");
    expect(screen.queryByTestId("import-progress")).toBeNull();
    expect(memory.imports).toHaveLength(0);
    expect(screen.getByTestId("nav-scorecard")).toBeEnabled();
    // The preview still holds: the import can be run again.
    expect(screen.getByTestId("import-run")).toBeEnabled();
  });

  it("cancels a long preview", async () => {
    const { memory } = await seeded();
    memory.registerImportFile(GRAD, GRAD_SUMMARY);
    const user = await openImport(memory);
    await user.type(screen.getByTestId("import-path"), GRAD);
    const release = memory.holdImports();
    await user.click(screen.getByTestId("import-preview"));
    expect(await screen.findByTestId("import-checking")).toHaveTextContent("Checking the file");
    await user.click(screen.getByTestId("import-cancel"));
    release();
    expect(await screen.findByTestId("import-note")).toHaveTextContent("Preview cancelled.");
    expect(screen.queryByTestId("import-summary")).toBeNull();
  });
});

describe("Import data with no initiative yet", () => {
  it("is reachable from the empty state and creates the first initiative", async () => {
    const memory = new MemoryBackend({ now: () => NOW });
    memory.registerImportFile(GRAD, GRAD_SUMMARY);
    const user = userEvent.setup();
    await renderApp(memory);
    expect(screen.getByTestId("nav-overview")).toBeDisabled();
    expect(screen.getByTestId("nav-import")).toBeEnabled();
    expect(screen.getByTestId("nav-settings")).toBeEnabled();

    await user.click(screen.getByTestId("import-file"));
    // With nothing to import into, a new initiative it is.
    expect(screen.getByTestId("import-initiative-choice")).toHaveValue(NEW_INITIATIVE);
    await user.type(screen.getByRole("textbox", { name: /New initiative/ }), "Colorado");
    await user.type(screen.getByTestId("import-path"), GRAD);
    await user.click(screen.getByTestId("import-preview"));
    await user.click(await screen.findByTestId("import-run"));
    await screen.findByTestId("import-result");
    await user.click(screen.getByTestId("import-open-scorecard"));
    await waitFor(() => expect(screen.getByTestId("initiative-name")).toHaveTextContent("Colorado"));
  });
});
