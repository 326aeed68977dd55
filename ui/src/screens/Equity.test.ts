import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { seeded, renderApp } from "../test-utils";
import { equityFixture } from "./scorecard/equity-fixture";

beforeEach(() => localStorage.clear());

describe("equity summary screen", () => {
  it("shows the roll-ups and every measure with values by group; a measure opens on its By group tab", async () => {
    const f = await equityFixture();
    const user = userEvent.setup();
    await renderApp(f.memory);
    await user.click(await screen.findByTestId("nav-equity"));
    expect(screen.getByTestId("nav-equity")).toHaveAttribute("aria-current", "page");

    const table = await screen.findByTestId("equity-table");
    expect(screen.getByTestId("equity-closing")).toHaveTextContent("2 of 7 gaps with a trend are closing (29%)");
    expect(screen.getByTestId("equity-widening")).toHaveTextContent("3 of 7 gaps with a trend are widening");
    const results = screen.getAllByTestId("equity-result-rollup");
    expect(results.map((r) => r.dataset.id)).toEqual([f.result.id, f.stable.id]);
    expect(results[1]).toHaveTextContent("Families are stable: 0 of 3 gaps with a trend are closing (0%)");

    const rows = within(table).getAllByTestId("equity-row");
    expect(rows.map((r) => [r.dataset.id, r.dataset.dimension])).toEqual([
      [f.measure.id, "Race/ethnicity"],
      [f.absence.id, "Race/ethnicity"],
      [f.absence.id, "Geography"],
    ]);
    expect(rows[0]).toHaveTextContent("Third-grade reading proficiency");
    expect(rows[0]).toHaveTextContent("Asian");
    expect(rows[0].querySelector('[data-col="max_rate_ratio"]')).toHaveTextContent("1.57 2023-24");
    expect(rows[0].querySelector('[data-col="baseline_max_rate_ratio"]')).toHaveTextContent("1.80 2019-20");
    expect(rows[0].querySelector('[data-col="largest_gap"]')).toHaveTextContent("Black −22.6 pts ↓ closing");
    expect(rows[0].querySelector('[data-col="gaps"]')).toHaveTextContent("2 closing · 1 widening · 1 unchanged · 1 without a trend yet");
    // An undefined figure: n/a with the core's reason.
    expect(rows[1].querySelector('[data-col="baseline_max_rate_ratio"] [title]')).toHaveAttribute("title", "a rate is 0");

    await user.click(within(rows[0]).getByTestId("open-by-group"));
    const detail = await screen.findByTestId("measure-detail");
    expect(detail).toHaveAttribute("data-id", f.measure.id);
    await waitFor(() => expect(within(detail).getByRole("tab", { name: "By group" })).toHaveAttribute("aria-selected", "true"));
    await waitFor(() => expect(within(detail).getAllByTestId("group-row")).toHaveLength(6));
    expect(screen.getByTestId("nav-scorecard")).toHaveAttribute("aria-current", "page");
  });

  it("says how to get values by group when there are none", async () => {
    const s = await seeded();
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(await screen.findByTestId("nav-equity"));
    const empty = await screen.findByTestId("equity-empty");
    expect(empty).toHaveTextContent("No values by group yet");
    expect(empty).toHaveTextContent("enter values by group on the Data entry screen");
    await user.click(within(empty).getByRole("button", { name: "Enter values by group" }));
    await waitFor(() => expect(screen.getByTestId("nav-data")).toHaveAttribute("aria-current", "page"));
  });
});
