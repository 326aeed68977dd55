import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp } from "../test-utils";
import { scorecardFixture } from "./scorecard/fixture";

beforeEach(() => localStorage.clear());

async function openScorecard() {
  const f = await scorecardFixture();
  const user = userEvent.setup();
  await renderApp(f.memory);
  await waitFor(() => expect(screen.getAllByTestId("scorecard-row").length).toBeGreaterThan(0));
  return { ...f, user };
}

const rowIds = () => screen.getAllByTestId("scorecard-row").map((r) => r.dataset.id);
const rowOf = (id: string) => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === id)!;

describe("scorecard", () => {
  it("is the landing screen and shows the tree: results → indicators, programs → RBA questions → measures", async () => {
    const f = await openScorecard();
    expect(screen.getByTestId("nav-scorecard")).toHaveAttribute("aria-current", "page");
    expect(f.memory.callsTo("scorecard")[0].args).toEqual([f.initiative.id, null]);

    const groups = screen.getAllByTestId("scorecard-group");
    expect(groups.map((g) => [g.dataset.kind, g.dataset.id])).toEqual([
      ["result", f.result.id],
      ["result", f.stable.id],
      ["program", f.visits.id], // programs come in name order
      ["program", f.summer.id],
    ]);
    const ids = (g: HTMLElement) => within(g).getAllByTestId("scorecard-row").map((r) => r.dataset.id);
    expect(ids(groups[0])).toEqual([f.measure.id, f.kinder.id, f.cards.id]);
    expect(ids(groups[1])).toEqual([f.absence.id]);
    expect(within(groups[3]).getAllByTestId("scorecard-section").map((s) => s.dataset.title)).toEqual([
      "How much did we do?",
      "How well did we do it?",
      "Is anyone better off?",
    ]);
    expect(ids(groups[3])).toEqual([f.enrolled.id, f.sessions.id, f.onGrade.id]);

    // Latest value with its unit and period, target, change from baseline.
    const reading = rowOf(f.measure.id);
    expect(reading).toHaveTextContent("67.5%");
    expect(reading).toHaveTextContent("2024");
    expect(reading).toHaveTextContent("+12.5%");
    expect(reading.querySelector("svg")).not.toBeNull(); // the sparkline
  });

  it("shows each trend as an arrow with its count and each status as a chip", async () => {
    const f = await openScorecard();
    const trend = within(rowOf(f.measure.id)).getByTestId("trend");
    expect(trend).toHaveTextContent("↑ 3");
    expect(trend).toHaveAttribute("data-direction", "up");
    expect(trend).toHaveAttribute("data-good", "true");
    expect(trend).toHaveTextContent("trending the right way");
    const bad = within(rowOf(f.absence.id)).getByTestId("trend");
    expect(bad).toHaveTextContent("↑ 2");
    expect(bad).toHaveAttribute("data-good", "false");
    expect(bad).toHaveTextContent("trending the wrong way");
    expect(within(rowOf(f.sessions.id)).getByTestId("trend")).toHaveTextContent("→ 2");

    const status = (id: string) => within(rowOf(id)).getByTestId("status");
    expect(status(f.measure.id)).toHaveTextContent("Met");
    expect(status(f.measure.id)).toHaveAttribute("data-status", "met");
    expect(status(f.absence.id)).toHaveTextContent("Off track");
    expect(status(f.sessions.id)).toHaveTextContent("Close");
    expect(status(f.cards.id)).toHaveTextContent("No target");
    expect(status(f.families.id)).toHaveTextContent("No data");
    expect(status(f.families.id)).toHaveAttribute("data-status", "no_data");
  });

  it("shows undefined figures as n/a with the core's reason", async () => {
    const f = await openScorecard();
    const target = rowOf(f.cards.id).querySelector('[data-col="target"] .na')!;
    expect(target).toHaveTextContent("n/a");
    expect(target).toHaveAttribute("title", "no target set for 2024");
    const latest = rowOf(f.families.id).querySelector('[data-col="latest"] .na')!;
    expect(latest).toHaveAttribute("title", "no actual");
  });

  it("shows the initiative's roll-up sentences in the strip", async () => {
    await openScorecard();
    const strip = screen.getByTestId("rollup-strip");
    expect(strip).toHaveTextContent("3 of 6 measures with at least two actuals are trending the right way or unchanged");
    expect(within(strip).getAllByRole("listitem")).toHaveLength(4);
  });

  it("filters to off-track rows, and to headline rows", async () => {
    const f = await openScorecard();
    await f.user.click(screen.getByTestId("filter-off-track"));
    expect(rowIds()).toEqual([f.kinder.id, f.absence.id, f.onGrade.id]);
    expect(screen.getByTestId("scorecard-count")).toHaveTextContent("Showing 3 of 8 measures");

    await f.user.click(screen.getByTestId("filter-off-track"));
    await f.user.click(screen.getByTestId("filter-headline"));
    expect(rowIds()).toEqual([f.measure.id]);

    await f.user.click(screen.getByTestId("clear-filters"));
    expect(rowIds()).toHaveLength(8);
  });

  it("filters by a result and by a partner (through its programs)", async () => {
    const f = await openScorecard();
    await f.user.selectOptions(screen.getByTestId("filter-result"), f.stable.id);
    expect(rowIds()).toEqual([f.absence.id, f.families.id]);
    await f.user.selectOptions(screen.getByTestId("filter-result"), "");

    await f.user.selectOptions(screen.getByTestId("filter-partner"), f.partner.id);
    // The library leads Summer reading, which works on the reading result.
    expect(rowIds()).toEqual([f.measure.id, f.kinder.id, f.cards.id, f.enrolled.id, f.sessions.id, f.onGrade.id]);
  });

  it("sorts by status within each group, off track first", async () => {
    const f = await openScorecard();
    await f.user.selectOptions(screen.getByTestId("sort"), "status");
    const first = screen.getAllByTestId("scorecard-group")[0];
    expect(within(first).getAllByTestId("scorecard-row").map((r) => r.dataset.id)).toEqual([f.kinder.id, f.measure.id, f.cards.id]);
    await f.user.selectOptions(screen.getByTestId("sort"), "name");
    expect(within(screen.getAllByTestId("scorecard-group")[0]).getAllByTestId("scorecard-row").map((r) => r.dataset.id)).toEqual([
      f.kinder.id, f.cards.id, f.measure.id,
    ]);
  });

  it("hides a column from the Columns menu and remembers it", async () => {
    const f = await openScorecard();
    expect(screen.getAllByTestId("column-baseline").length).toBeGreaterThan(0);
    await f.user.click(screen.getByTestId("columns-menu"));
    await f.user.click(within(screen.getByTestId("columns-panel")).getByRole("checkbox", { name: "Change from baseline" }));
    expect(screen.queryAllByTestId("column-baseline")).toHaveLength(0);
    expect(document.querySelector('[data-col="baseline"]')).toBeNull();
    expect(rowOf(f.measure.id)).not.toHaveTextContent("+12.5%");
    // A hidden column can come back, e.g. the forecast (hidden at first).
    await f.user.click(within(screen.getByTestId("columns-panel")).getByRole("checkbox", { name: "Forecast" }));
    expect(screen.getAllByTestId("column-forecast").length).toBeGreaterThan(0);
    expect(JSON.parse(localStorage.getItem("backbone.scorecardColumns")!)).not.toContain("baseline");
    await f.user.keyboard("{Escape}");
    expect(screen.queryByTestId("columns-panel")).toBeNull();
  });

  it("asks for the card as of a period", async () => {
    const f = await openScorecard();
    const asOf = screen.getByTestId("as-of");
    expect(within(asOf).getByRole("option", { name: "Latest" })).toBeInTheDocument();
    await f.user.selectOptions(asOf, "2023");
    await waitFor(() => expect(screen.getByTestId("scorecard-count")).toHaveTextContent("As of 2023"));
    expect(f.memory.callsTo("scorecard").at(-1)!.args).toEqual([f.initiative.id, "2023"]);
    // The choices stay those of the latest card.
    expect(within(asOf).getByRole("option", { name: "2024" })).toBeInTheDocument();
  });
});
