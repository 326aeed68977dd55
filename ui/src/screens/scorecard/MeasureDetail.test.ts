import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp } from "../../test-utils";
import { scorecardFixture } from "./fixture";

beforeEach(() => localStorage.clear());

async function openDetail(chartPath: string | null = null) {
  const f = await scorecardFixture();
  f.memory.chartPath = chartPath;
  const user = userEvent.setup();
  await renderApp(f.memory);
  const row = await waitFor(() => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === f.measure.id)!);
  await user.click(row);
  const detail = await screen.findByTestId("measure-detail");
  await waitFor(() => expect(detail.querySelector("svg")).not.toBeNull());
  return { ...f, user, detail };
}

describe("measure detail", () => {
  it("opens from a row with the chart (an <svg>) and the measure's title", async () => {
    const { detail, memory, measure } = await openDetail();
    expect(within(detail).getByRole("heading", { level: 2 })).toHaveTextContent("Third-grade reading proficiency");
    const svg = within(detail).getByTestId("chart").querySelector("svg")!;
    expect(svg.textContent).toContain("Third-grade reading proficiency");
    expect(memory.callsTo("measureChart")[0].args).toEqual([measure.id, "presentation", null]);
    // The core's data notes under the chart (escaped text, shown as text).
    expect(within(detail).getByTestId("chart-notes")).toHaveTextContent("2022: New test & <format>");
    // The values table.
    const values = within(detail).getAllByTestId("value-row");
    expect(values.map((r) => r.dataset.period)).toEqual(["2021", "2022", "2023", "2024"]);
    expect(values[3]).toHaveTextContent("67.5%");
    expect(values[3]).toHaveTextContent("67%");
  });

  it("opens with Enter on a focused row, and Back returns focus to that row", async () => {
    const f = await scorecardFixture();
    const user = userEvent.setup();
    await renderApp(f.memory);
    const row = await waitFor(() => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === f.absence.id)!);
    row.focus();
    await user.keyboard("{Enter}");
    const detail = await screen.findByTestId("measure-detail");
    expect(detail).toHaveAttribute("data-id", f.absence.id);
    expect(document.activeElement).toBe(within(detail).getByRole("heading", { level: 2 }));

    await user.click(within(detail).getByTestId("back-to-scorecard"));
    await waitFor(() => expect(document.activeElement).toHaveAttribute("data-id", f.absence.id));
    expect(screen.queryByTestId("measure-detail")).toBeNull();
  });

  it("redraws at print size and compared with another measure", async () => {
    const { user, detail, memory, measure, kinder } = await openDetail();
    await user.click(within(detail).getByRole("radio", { name: "Print" }));
    await user.selectOptions(within(detail).getByTestId("compare"), kinder.id);
    await waitFor(() => expect(memory.callsTo("measureChart").at(-1)!.args).toEqual([measure.id, "print", [kinder.id]]));
    await waitFor(() => expect(within(detail).getByTestId("chart")).toHaveTextContent("Kindergarten readiness"));
  });

  it("saves the chart where the user chose, at the chosen size and resolution", async () => {
    const { user, detail, memory, measure } = await openDetail("/home/user/reading.png");
    await user.selectOptions(within(detail).getByTestId("png-scale"), "2");
    await user.click(within(detail).getByTestId("save-chart"));
    await waitFor(() => expect(memory.exports).toHaveLength(1));
    expect(memory.callsTo("chooseChartPath")[0].args).toEqual(["third-grade-reading-proficiency.svg"]);
    expect(memory.exports[0]).toEqual({ measureId: measure.id, path: "/home/user/reading.png", size: "presentation", scale: 2, compareIds: null });
    expect(await screen.findByTestId("toast")).toHaveTextContent("Chart saved to /home/user/reading.png");
  });

  it("saves an SVG without a scale, and nothing when the dialog is cancelled", async () => {
    const { user, detail, memory, measure } = await openDetail(null);
    await user.click(within(detail).getByTestId("save-chart"));
    await waitFor(() => expect(memory.callsTo("chooseChartPath")).toHaveLength(1));
    expect(memory.callsTo("exportChart")).toHaveLength(0);

    memory.chartPath = "/tmp/chart.svg";
    await user.click(within(detail).getByTestId("save-chart"));
    await waitFor(() => expect(memory.exports).toHaveLength(1));
    expect(memory.callsTo("exportChart")[0].args).toEqual([measure.id, "/tmp/chart.svg", "presentation", null, null]);
  });

  it("links to data entry for the measure", async () => {
    const { user, detail, measure } = await openDetail();
    await user.click(within(detail).getByTestId("enter-data"));
    await waitFor(() => expect(screen.getByTestId("measure-picker")).toHaveValue(measure.id));
  });
});
