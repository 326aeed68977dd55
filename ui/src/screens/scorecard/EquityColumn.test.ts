import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp } from "../../test-utils";
import { equityFixture } from "./equity-fixture";

beforeEach(() => localStorage.clear());

async function openScorecard() {
  const f = await equityFixture();
  const user = userEvent.setup();
  await renderApp(f.memory);
  await waitFor(() => expect(screen.getAllByTestId("scorecard-row").length).toBeGreaterThan(0));
  // The summary loads beside the scorecard (the memory scorecard's own bookkeeping may drop the call's log).
  await waitFor(() => expect(within(rowOf(f.measure.id)).getByTestId("equity-cell")).toHaveTextContent("Black"));
  return { ...f, user };
}

function rowOf(id: string) {
  return screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === id)!;
}

const equityCell = (id: string) => within(rowOf(id)).getByTestId("equity-cell");

describe("scorecard: equity", () => {
  it("shows each measure's largest gap with its trend, and — without values by group", async () => {
    const f = await openScorecard();
    expect(screen.getAllByTestId("column-equity").length).toBeGreaterThan(0);

    await waitFor(() => expect(equityCell(f.measure.id)).toHaveTextContent("Black"));
    const reading = equityCell(f.measure.id);
    expect(reading).toHaveTextContent("−22.6 pts · 1.57×");
    expect(within(reading).getByTestId("gap-trend")).toHaveTextContent("↓ closing");

    // Two dimensions: the one with the largest |difference| (race, +4.0 pts) over geography (+1.5 pts).
    const absence = equityCell(f.absence.id);
    expect(absence).toHaveAttribute("data-dimension", "Race/ethnicity");
    expect(absence).toHaveTextContent("Hispanic/Latino");
    expect(absence).toHaveTextContent("+4.0 pts · 1.40×");
    expect(within(absence).getByTestId("gap-trend")).toHaveAttribute("data-trend", "widening");

    const kinder = equityCell(f.kinder.id);
    expect(kinder).toHaveTextContent("—");
    expect(kinder.querySelector("[title]")).toHaveAttribute("title", "no values by group");
  });

  it("filters to measures with gaps widening and says how many are hidden", async () => {
    const f = await openScorecard();
    const total = screen.getAllByTestId("scorecard-row").length;
    await f.user.click(screen.getByTestId("filter-gaps-widening"));
    await waitFor(() => expect(screen.getAllByTestId("scorecard-row").map((r) => r.dataset.id)).toEqual([f.measure.id, f.absence.id]));
    expect(screen.getByTestId("scorecard-count")).toHaveTextContent(`Showing 2 of ${total} measures`);
    expect(screen.getByTestId("gaps-widening-hidden")).toHaveTextContent(`(${total - 2} measures with no widening gap hidden)`);

    await f.user.click(screen.getByTestId("clear-filters"));
    expect(screen.getAllByTestId("scorecard-row")).toHaveLength(total);
    expect(screen.queryByTestId("gaps-widening-hidden")).toBeNull();
  });

  it("the Equity column can be hidden from the Columns menu", async () => {
    const f = await openScorecard();
    await f.user.click(screen.getByTestId("columns-menu"));
    await f.user.click(within(screen.getByTestId("columns-panel")).getByRole("checkbox", { name: "Equity" }));
    expect(screen.queryAllByTestId("column-equity")).toHaveLength(0);
    expect(screen.queryAllByTestId("equity-cell")).toHaveLength(0);
  });
});
