import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp } from "../../test-utils";
import { equityFixture } from "./equity-fixture";

beforeEach(() => localStorage.clear());

async function openDetail(pick: (f: Awaited<ReturnType<typeof equityFixture>>) => string = (f) => f.measure.id) {
  const f = await equityFixture();
  const user = userEvent.setup();
  await renderApp(f.memory);
  const id = pick(f);
  const row = await waitFor(() => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === id)!);
  await user.click(row);
  const detail = await screen.findByTestId("measure-detail");
  await waitFor(() => expect(detail.querySelector("svg")).not.toBeNull());
  return { ...f, user, detail };
}

const groupRows = (detail: HTMLElement) => within(detail).getAllByTestId("group-row");

describe("measure detail: By group", () => {
  it("has no By group tab for a measure without values by group (Trend and Worksheet only)", async () => {
    const { detail, memory, kinder } = await openDetail((f) => f.kinder.id);
    await waitFor(() => expect(memory.callsTo("measureDimensions")).toHaveLength(1));
    expect(within(detail).getAllByRole("tab").map((t) => t.textContent)).toEqual(["Trend", "Worksheet"]);
    expect(within(detail).getByTestId("chart")).toBeVisible();
    expect(memory.callsTo("measureDimensions")[0].args).toEqual([kinder.id]);
  });

  it("switches tabs with the arrow keys and shows both charts, the groups and their figures", async () => {
    const { user, detail, memory, measure } = await openDetail();
    const trend = await within(detail).findByRole("tab", { name: "Trend" });
    expect(trend).toHaveAttribute("aria-selected", "true");
    trend.focus();
    await user.keyboard("{ArrowRight}");
    const byGroup = within(detail).getByRole("tab", { name: "By group" });
    expect(byGroup).toHaveAttribute("aria-selected", "true");
    expect(document.activeElement).toBe(byGroup);
    expect(within(detail).getByRole("tabpanel", { name: "By group" })).toBeVisible();

    await waitFor(() => expect(within(detail).getByTestId("group-chart").querySelector("svg")).not.toBeNull());
    expect(within(detail).getByTestId("gap-chart").querySelector("svg")).not.toBeNull();
    expect(memory.callsTo("equityFigures")[0].args).toEqual([measure.id, "d-race", null]);
    expect(memory.callsTo("groupChart")[0].args).toEqual([measure.id, "d-race", "presentation"]);

    const rows = groupRows(detail);
    expect(rows.map((r) => r.dataset.group)).toEqual(["Asian", "Black", "Hispanic/Latino", "Native American", "White", "Two or more races"]);
    expect(rows[0]).toHaveTextContent("(reference, most favourable this period)");
    expect(rows[0].dataset.reference).toBe("true");
    expect(within(detail).getByTestId("reference-note")).toHaveTextContent("Reference: Asian (most favourable this period)");
    // Value ± margin of error, difference in points, ratio, trend as arrow and word.
    expect(rows[1]).toHaveTextContent("39.4% ± 2.1 pts");
    expect(rows[1]).toHaveTextContent("−22.6 pts");
    expect(rows[1]).toHaveTextContent("1.57");
    const closing = within(rows[1]).getByTestId("gap-trend");
    expect(closing).toHaveAttribute("data-trend", "closing");
    expect(closing).toHaveTextContent("↓ closing");
    expect(closing).toHaveAttribute("title", "2022-23: −24.0 pts");
    expect(within(rows[2]).getByTestId("gap-trend")).toHaveTextContent("↑ widening");
    expect(within(rows[5]).getByTestId("gap-trend")).toHaveTextContent("→ unchanged");
    // Suppressed: said, not blank; a missing trend: n/a with the reason.
    expect(rows[3]).toHaveTextContent("suppressed (excluded)");
    expect(within(detail).getByTestId("excluded-note")).toHaveTextContent("Native American");
    expect(within(rows[4]).getByTestId("gap-trend")).toHaveAttribute("title", "no earlier period with values for both groups");

    const figures = within(detail).getByTestId("disparity-figures");
    expect(within(figures).getByTestId("figure-max_rate_ratio")).toHaveTextContent("1.57");
    expect(within(figures).getByTestId("figure-max_rate_difference")).toHaveTextContent("22.6 pts");
    expect(within(figures).getByTestId("figure-index_of_disparity")).toHaveTextContent("n/a");
    expect(within(figures).getByTestId("figure-index_of_disparity")).toHaveTextContent("the fixture says so");

    expect(within(detail).getByTestId("gap-sentence")).toHaveTextContent("The gap between Black and Asian has closed 3 periods in a row.");

    await user.keyboard("{ArrowLeft}");
    expect(trend).toHaveAttribute("aria-selected", "true");
    expect(within(detail).getByTestId("chart")).toBeVisible();
  });

  it("shows an earlier period from the period picker", async () => {
    const { user, detail, memory, measure } = await openDetail();
    await user.click(await within(detail).findByRole("tab", { name: "By group" }));
    const picker = await within(detail).findByTestId("period-picker");
    expect([...picker.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["Latest", "2023-24", "2022-23"]);
    await user.selectOptions(picker, "2022-23");
    await waitFor(() => expect(groupRows(detail)).toHaveLength(2));
    expect(memory.callsTo("equityFigures").at(-1)!.args).toEqual([measure.id, "d-race", "2022-23"]);
    expect(within(detail).queryByTestId("dimension-picker")).toBeNull(); // one dimension only
  });
});
