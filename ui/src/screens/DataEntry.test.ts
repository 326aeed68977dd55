import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { indicatorInput, renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());

/** Opens Data entry on the seeded yearly percent indicator (no data: 2021-2025 shown). */
async function openGrid(over = {}) {
  const s = await seeded(over);
  const user = userEvent.setup();
  await renderApp(s.memory);
  await user.click(screen.getByTestId("nav-data"));
  await waitFor(() => expect(screen.getAllByTestId("grid-row").length).toBeGreaterThan(0));
  return { ...s, user };
}

function row(period: string): HTMLElement {
  const el = screen.getAllByTestId("grid-row").find((r) => r.dataset.period === period);
  if (!el) throw new Error(`no row ${period}`);
  return el;
}

function cell(period: string, name: string): HTMLInputElement {
  return row(period).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
}

describe("data entry grid", () => {
  it("shows the measure's recent periods with the unit beside the value", async () => {
    const { measure } = await openGrid();
    expect(screen.getByTestId("measure-picker")).toHaveValue(measure.id);
    expect(screen.getByTestId("group-picker")).toHaveValue("");
    // No data yet: the core offers the recent periods (the clock is 2025-03-15).
    expect(screen.getAllByTestId("grid-row").map((r) => r.dataset.period)).toEqual(["2021", "2022", "2023", "2024", "2025"]);
    // Value and Target both show the unit.
    expect(within(row("2023")).getAllByText("%")).toHaveLength(2);
  });

  it("saves a typed value on Enter and says Saved", async () => {
    const { memory, measure, user } = await openGrid();
    await user.click(cell("2023", "value"));
    await user.keyboard("72.4{Enter}");

    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    const saves = memory.callsTo("saveObservations");
    expect(saves).toHaveLength(1);
    // Only the changed row, and only the changed cell: null means "leave unchanged".
    expect(saves[0].args).toEqual([
      measure.id,
      [{ period: "2023", group_ids: [], value: "72.4", target: null, target_low: null, target_high: null, note: null, suppressed: null }],
    ]);
    expect(cell("2023", "value")).toHaveValue("72.4");
    // Enter moves down, like a spreadsheet.
    expect(document.activeElement).toBe(cell("2024", "value"));
  });

  it("saves on blur, once", async () => {
    const { memory, user } = await openGrid();
    await user.click(cell("2022", "target"));
    await user.keyboard("75");
    await user.click(cell("2022", "note"));
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    expect(memory.callsTo("saveObservations")).toHaveLength(1);
    expect(memory.callsTo("saveObservations")[0].args[1]).toMatchObject([{ period: "2022", target: "75", value: null }]);
  });

  it("reverts a cell with Escape and moves with the arrow keys", async () => {
    const { memory, user } = await openGrid();
    await user.click(cell("2022", "value"));
    await user.keyboard("99{Escape}");
    expect(cell("2022", "value")).toHaveValue("");
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(cell("2023", "value"));
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(document.activeElement).toBe(cell("2021", "value"));
    expect(memory.callsTo("saveObservations")).toHaveLength(0);
  });

  it("fills three rows from a pasted column in one save call", async () => {
    const { memory, user } = await openGrid();
    await user.click(cell("2021", "value"));
    fireEvent.paste(cell("2021", "value"), { clipboardData: { getData: () => "1\n2\n3" } });

    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    const saves = memory.callsTo("saveObservations");
    expect(saves).toHaveLength(1);
    expect((saves[0].args[1] as { period: string; value: string }[]).map((e) => [e.period, e.value])).toEqual([
      ["2021", "1"],
      ["2022", "2"],
      ["2023", "3"],
    ]);
    expect([cell("2021", "value").value, cell("2022", "value").value, cell("2023", "value").value]).toEqual(["1", "2", "3"]);
    expect(cell("2024", "value")).toHaveValue("");
  });

  it("adds periods past the end of the grid for a long paste, and fills Value then Target", async () => {
    const { memory, measure, user } = await openGrid();
    await user.click(cell("2024", "value"));
    fireEvent.paste(cell("2024", "value"), { clipboardData: { getData: () => "70\t71\n72\t73\n74\t75\n" } });

    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    expect(memory.callsTo("periodsAfter")[0].args).toEqual([measure.id, "2025", 1]);
    expect(memory.callsTo("saveObservations")).toHaveLength(1);
    expect(cell("2026", "value")).toHaveValue("74");
    expect(cell("2026", "target")).toHaveValue("75");
    expect(cell("2024", "target")).toHaveValue("71");
  });

  it("shows an invalid value's error at that cell and saves nothing", async () => {
    const { memory, measure, user } = await openGrid();
    await user.click(cell("2023", "value"));
    await user.keyboard("abc{Enter}");

    const err = await within(row("2023")).findByTestId("cell-error");
    expect(err).toHaveTextContent("not a number");
    expect(cell("2023", "value")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("save-status")).toHaveTextContent("Not saved");
    expect(screen.getByTestId("save-status")).not.toHaveTextContent(/^Saved$/);
    expect((await memory.measureGrid(measure.id, [])).some((r) => r.observation)).toBe(false);
    // The typed text stays, to be fixed.
    expect(cell("2023", "value")).toHaveValue("abc");
  });

  it("maps a paste error to its row by period, and nothing of the paste is saved", async () => {
    const { memory, measure, user } = await openGrid();
    await user.click(cell("2021", "value"));
    fireEvent.paste(cell("2021", "value"), { clipboardData: { getData: () => "1\nx\n3" } });

    const err = await within(row("2022")).findByTestId("cell-error");
    expect(err).toHaveTextContent("2022");
    expect(within(row("2021")).queryByTestId("cell-error")).toBeNull();
    expect((await memory.measureGrid(measure.id, [])).some((r) => r.observation)).toBe(false);

    // Fixing the bad cell and pressing Enter saves the whole paste.
    await user.clear(cell("2022", "value"));
    await user.type(cell("2022", "value"), "2{Enter}");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    expect(within(row("2022")).queryByTestId("cell-error")).toBeNull();
    const stored = (await memory.measureGrid(measure.id, [])).filter((r) => r.observation).map((r) => r.observation!.value);
    expect(stored).toEqual([1, 2, 3]);
  });

  it("adds a typed period, which the core names on save", async () => {
    const { memory, user } = await openGrid({ calendar: "quarter" });
    await user.type(screen.getByTestId("add-period"), "Q1 2019{Enter}");
    const pending = row("Q1 2019");
    expect(document.activeElement).toBe(pending.querySelector('input[name="value"]'));
    await user.keyboard("5{Enter}");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    expect(memory.callsTo("saveObservations")[0].args[1]).toMatchObject([{ period: "Q1 2019", value: "5" }]);
    // The row now carries the canonical label, in period order (first).
    expect(screen.getAllByTestId("grid-row")[0].dataset.period).toBe("2019Q1");
    expect(screen.queryAllByTestId("grid-row").some((r) => r.dataset.period === "Q1 2019")).toBe(false);
  });

  it("adds the next period when Add period is left empty", async () => {
    const { user } = await openGrid();
    await user.click(screen.getByTestId("add-period"));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(row("2026")).toBeInTheDocument());
    expect(document.activeElement).toBe(cell("2026", "value"));
  });

  it("shows low and high targets for a range measure, and enters data per group", async () => {
    const { memory, initiative, measure } = await seeded({ polarity: "range" });
    memory.addDimension(initiative.id, "Race/ethnicity", ["Black", "White"]);
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-data"));
    await waitFor(() => expect(screen.getAllByTestId("grid-row").length).toBeGreaterThan(0));
    expect(row("2024").querySelector('input[name="target_low"]')).not.toBeNull();
    expect(row("2024").querySelector('input[name="target"]')).toBeNull();

    const picker = screen.getByTestId("group-picker");
    const black = within(picker).getByRole("option", { name: "Black" }) as HTMLOptionElement;
    await user.selectOptions(picker, black.value);
    await waitFor(() => expect(memory.callsTo("measureGrid").at(-1)!.args).toEqual([measure.id, [black.value]]));
    await user.click(cell("2024", "value"));
    await user.keyboard("40{Enter}");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    expect(memory.callsTo("saveObservations")[0].args[1]).toMatchObject([{ period: "2024", group_ids: [black.value] }]);
  });

  it("follows the initiative switcher", async () => {
    const { memory } = await seeded();
    const other = await memory.createInitiative({
      name: "Westside Works", shared_result: "", geography: "", sectoral_home: "public", backbone_org: "", equity_statement: "",
    });
    const r = await memory.createResult(other.id, { name: "Adults earn a living wage", description: "" });
    const m = await memory.createMeasure(other.id, indicatorInput(r.id, { name: "Median earnings", unit: "currency" }));
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-data"));
    await user.selectOptions(screen.getByTestId("initiative-switcher"), other.id);

    await waitFor(() => expect(screen.getByTestId("measure-picker")).toHaveValue(m.id));
    await waitFor(() => expect(memory.callsTo("measureGrid").at(-1)!.args).toEqual([m.id, []]));
    expect(within(row("2024")).getAllByText("$")).toHaveLength(2);
  });

  it("puts the error on the row the core numbers when its message also mentions another period", async () => {
    const { user } = await openGrid();
    await user.click(cell("2021", "value"));
    // Row 2 (2022) gets 2023, which is no percentage; the message names both 2022 and 2023.
    fireEvent.paste(cell("2021", "value"), { clipboardData: { getData: () => "1\n2023\n3" } });
    const err = await within(row("2022")).findByTestId("cell-error");
    expect(err).toHaveTextContent("2022 value: 2023 is not a percentage");
    expect(within(row("2023")).queryByTestId("cell-error")).toBeNull();
  });

  it("suppressing a value clears its number, as the core does", async () => {
    const { memory, measure, user } = await openGrid();
    await user.click(cell("2022", "value"));
    await user.keyboard("61{Enter}");
    await waitFor(() => expect(screen.getByTestId("save-status")).toHaveTextContent("Saved"));
    await user.click(row("2022").querySelector<HTMLInputElement>('input[name="suppressed"]')!);
    await waitFor(() => expect(memory.callsTo("saveObservations")).toHaveLength(2));
    expect(memory.callsTo("saveObservations")[1].args[1]).toMatchObject([{ period: "2022", value: null, suppressed: true }]);
    await waitFor(() => expect(cell("2022", "value")).toHaveValue(""));
    expect(row("2022").querySelector('input[name="suppressed"]')).toBeChecked();
    expect((await memory.measureGrid(measure.id, [])).find((r) => r.period.label === "2022")!.observation).toMatchObject({
      value: null,
      suppressed: true,
    });
  });
});
