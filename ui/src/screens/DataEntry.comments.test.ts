import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());

const EDIT = { group_ids: [], target: null, target_low: null, target_high: null, note: null, suppressed: null };

/** The seeded indicator with values for 2022 and 2023, two open comments and a resolved one on 2023. */
async function openGrid() {
  const s = await seeded();
  await s.memory.saveObservations(s.measure.id, [
    { ...EDIT, period: "2022", value: "58" },
    { ...EDIT, period: "2023", value: "61" },
  ]);
  const grid = await s.memory.measureGrid(s.measure.id, []);
  const id = (label: string) => grid.find((r) => r.period.label === label)!.observation!.id;
  const on2023 = { kind: "observation" as const, id: id("2023"), section: null };
  await s.memory.addComment(s.initiative.id, on2023, "Is this the fall count?");
  await s.memory.addComment(s.initiative.id, on2023, "New test this year");
  const done = await s.memory.addComment(s.initiative.id, on2023, "Source checked");
  await s.memory.resolveComment(done.id);
  const user = userEvent.setup();
  await renderApp(s.memory);
  await user.click(screen.getByTestId("nav-data"));
  await waitFor(() => expect(screen.getAllByTestId("grid-row").length).toBeGreaterThan(0));
  return { ...s, user, on2023 };
}

function row(period: string): HTMLElement {
  const el = screen.getAllByTestId("grid-row").find((r) => r.dataset.period === period);
  if (!el) throw new Error(`no row ${period}`);
  return el;
}

describe("data entry grid: comments", () => {
  it("marks a value with open comments with their count, and only such values", async () => {
    await openGrid();
    // Resolved comments do not count: two open on 2023.
    const marker = await within(row("2023")).findByRole("button", { name: "2 comments" });
    expect(marker).toHaveTextContent("2");
    expect(within(row("2022")).getByTestId("comment-marker")).toHaveAttribute("data-count", "0");
    expect(within(row("2022")).getByRole("button", { name: "Comment on 2022" })).toBeInTheDocument();
    // A period without a value has nothing to comment on.
    expect(within(row("2024")).queryByTestId("comment-marker")).toBeNull();
  });

  it("opens the value's thread beside the grid, and a resolved comment lowers the count", async () => {
    const { user } = await openGrid();
    await user.click(await within(row("2023")).findByRole("button", { name: "2 comments" }));
    const panel = screen.getByTestId("value-comments");
    expect(within(panel).getByRole("heading")).toHaveTextContent("Comments on Third-grade reading proficiency, 2023");
    // Keyboard and screen-reader users land in the thread they opened.
    expect(document.activeElement).toBe(within(panel).getByRole("heading"));
    await waitFor(() => expect(within(panel).getAllByTestId("comment")).toHaveLength(2));
    expect(within(panel).getByTestId("comments-resolved-toggle")).toHaveTextContent("1 resolved");

    await user.click(within(panel).getAllByTestId("comment-resolve")[0]);
    expect(await within(row("2023")).findByRole("button", { name: "1 comment" })).toBeInTheDocument();
  });

  it("a first comment on a value gives it a marker", async () => {
    const { user } = await openGrid();
    await user.click(await within(row("2022")).findByRole("button", { name: "Comment on 2022" }));
    const panel = screen.getByTestId("value-comments");
    await user.type(within(panel).getByTestId("comment-draft"), "Why the dip?");
    await user.click(within(panel).getByTestId("comment-post"));
    expect(await within(row("2022")).findByRole("button", { name: "1 comment" })).toBeInTheDocument();
  });
});
