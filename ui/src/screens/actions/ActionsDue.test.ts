import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionInput } from "../../bindings/ActionInput";
import { NOW, renderApp, seeded } from "../../test-utils";

// The memory backend's clock (and so "overdue") says 2025-03-15.
function input(title: string, due: string | null, over: Partial<ActionInput> = {}): ActionInput {
  return { title, description: "", owner_partner_id: null, owner_person: "", start_date: null, due_date: due, status: "on_track", links: [], ...over };
}

async function withActions() {
  const s = await seeded();
  const add = (title: string, due: string | null, over: Partial<ActionInput> = {}) => s.memory.createAction(s.initiative.id, input(title, due, over));
  await add("Due on day 14", "2025-03-29");
  await add("Due on day 15", "2025-03-30");
  await add("Due today", "2025-03-15");
  await add("Late by a week", "2025-03-08", { owner_person: "Dana" });
  await add("Late by a month", "2025-02-15");
  await add("Done but late", "2025-01-01", { status: "done" });
  await add("Dropped, due soon", "2025-03-20", { status: "dropped" });
  await add("Undated", null);
  return s;
}

describe("Overview: overdue / due in 14 days", () => {
  // The computer's date is the memory backend's (only Date is faked, not timers).
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("lists overdue actions first, then those due within 14 days, and nothing closed or later", async () => {
    const s = await withActions();
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-overview"));
    const section = await screen.findByTestId("actions-due");
    await waitFor(() => expect(within(section).getAllByTestId("due-item").length).toBeGreaterThan(0));
    const items = within(section).getAllByTestId("due-item");
    expect(items.map((i) => i.querySelector("button")!.textContent)).toEqual(["Late by a month", "Late by a week", "Due today", "Due on day 14"]);
    expect(items[1]).toHaveTextContent("Overdue, was due 8 Mar 2025");
    expect(items[1]).toHaveTextContent("Dana");
    expect(items[2]).not.toHaveTextContent("Overdue");
  });

  it("opens the board with the action open", async () => {
    const s = await withActions();
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-overview"));
    const section = await screen.findByTestId("actions-due");
    await user.click(await within(section).findByRole("button", { name: "Late by a week" }));
    const detail = await screen.findByTestId("action-detail");
    expect(within(detail).getByRole("heading", { name: "Late by a week" })).toBeInTheDocument();
    expect(screen.getByTestId("actions-board")).toBeInTheDocument();
  });

  it("says so when nothing is due", async () => {
    const s = await seeded();
    await s.memory.createAction(s.initiative.id, input("Far off", "2026-01-01"));
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-overview"));
    expect(await screen.findByTestId("nothing-due")).toHaveTextContent("Nothing overdue or due in the next 14 days.");
  });
});
