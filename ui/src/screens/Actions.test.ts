import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ActionInput } from "../bindings/ActionInput";
import { renderApp, seeded } from "../test-utils";

// The memory backend's clock says 2025-03-15.
function input(title: string, over: Partial<ActionInput> = {}): ActionInput {
  return { title, description: "", owner_partner_id: null, owner_person: "", start_date: null, due_date: null, status: "not_started", links: [], ...over };
}

async function board() {
  const s = await seeded();
  const { memory, initiative, partner, measure } = s;
  const other = await memory.createPartner(initiative.id, {
    name: "Northside YMCA",
    sector: "nonprofit",
    tier: null,
    contact_name: "",
    contact_email: "",
    contact_phone: "",
    notes: "",
  });
  const late = await memory.createAction(
    initiative.id,
    input("Open homework clubs", {
      owner_partner_id: partner.id,
      owner_person: "Dana",
      due_date: "2025-03-01",
      status: "on_track",
      links: [{ target_kind: "measure", target_id: measure.id }],
    }),
  );
  const soon = await memory.createAction(initiative.id, input("Summer reading push", { owner_partner_id: other.id, due_date: "2025-03-20" }));
  const done = await memory.createAction(initiative.id, input("Hire a coordinator", { due_date: "2025-01-01", status: "done" }));
  const user = userEvent.setup();
  await renderApp(memory);
  await user.click(screen.getByTestId("nav-actions"));
  await screen.findByTestId("actions-board");
  await waitFor(() => expect(screen.getAllByTestId("action-card").length).toBeGreaterThan(0));
  return { ...s, other, late, soon, done, user };
}

const titles = () => screen.queryAllByTestId("open-action").map((b) => b.textContent);
const card = (title: string) => screen.getAllByTestId("action-card").find((c) => c.textContent?.includes(title))!;

describe("Actions board", () => {
  it("puts actions in columns by status, folds done ones, and marks overdue in words", async () => {
    const { user, measure } = await board();
    expect(within(screen.getByTestId("column-on_track")).getByText("Open homework clubs")).toBeInTheDocument();
    expect(within(screen.getByTestId("column-not_started")).getByText("Summer reading push")).toBeInTheDocument();
    // Done is folded away, with its count.
    const toggle = screen.getByTestId("toggle-done");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(toggle).toHaveTextContent("(1)");
    expect(titles()).not.toContain("Hire a coordinator");
    await user.click(toggle);
    expect(titles()).toContain("Hire a coordinator");

    const late = card("Open homework clubs");
    expect(within(late).getByTestId("action-due")).toHaveTextContent("Overdue · 1 Mar 2025");
    expect(within(late).getByTestId("action-owner")).toHaveTextContent("Eastside Library · Dana");
    expect(within(late).getByTestId("action-measures")).toHaveTextContent(measure.name);
    expect(within(card("Summer reading push")).getByTestId("action-due")).not.toHaveTextContent("Overdue");
    // A done action is never overdue, however old its due date.
    expect(within(card("Hire a coordinator")).getByTestId("action-due")).not.toHaveTextContent("Overdue");
  });

  it("filters by partner, by measure and to the overdue ones", async () => {
    const { user, other, measure } = await board();
    await user.selectOptions(screen.getByRole("combobox", { name: "Partner" }), other.id);
    await waitFor(() => expect(titles()).toEqual(["Summer reading push"]));
    await user.selectOptions(screen.getByRole("combobox", { name: "Partner" }), "");
    await user.selectOptions(screen.getByRole("combobox", { name: "Measure" }), measure.id);
    await waitFor(() => expect(titles()).toEqual(["Open homework clubs"]));
    await user.selectOptions(screen.getByRole("combobox", { name: "Measure" }), "");
    await user.click(screen.getByRole("checkbox", { name: "Overdue only" }));
    await waitFor(() => expect(titles()).toEqual(["Open homework clubs"]));
  });

  it("moves a card with its status select, logging a status update", async () => {
    const { user, memory, soon } = await board();
    await user.selectOptions(within(card("Summer reading push")).getByRole("combobox", { name: "Status of Summer reading push" }), "at_risk");
    await waitFor(() => expect(within(screen.getByTestId("column-at_risk")).getByText("Summer reading push")).toBeInTheDocument());
    const saved = await memory.getAction(soon.id);
    expect(saved.updates.map((u) => [u.update_date, u.status])).toEqual([["2025-03-15", "at_risk"]]);
  });

  it("posts a dated status update from the detail and shows the log newest first", async () => {
    const { user, memory } = await board();
    await memory.setAuthorName("Ana Lima");
    await user.click(within(card("Open homework clubs")).getByTestId("open-action"));
    const detail = await screen.findByTestId("action-detail");
    await user.selectOptions(within(detail).getByTestId("update-status"), "at_risk");
    await user.type(within(detail).getByTestId("update-comment"), "Two sites lost their rooms");
    await user.click(within(detail).getByTestId("post-update"));
    await waitFor(() => expect(within(detail).getAllByTestId("log-entry")).toHaveLength(1));
    await user.selectOptions(within(detail).getByTestId("update-status"), "on_track");
    await user.type(within(detail).getByTestId("update-comment"), "Rooms found");
    await user.click(within(detail).getByTestId("post-update"));
    await waitFor(() => expect(within(detail).getAllByTestId("log-entry")).toHaveLength(2));
    const entries = within(detail).getAllByTestId("log-entry");
    expect(entries[0]).toHaveTextContent("On track");
    expect(entries[0]).toHaveTextContent("Rooms found");
    expect(entries[1]).toHaveTextContent("15 Mar 2025");
    expect(entries[1]).toHaveTextContent("At risk");
    expect(entries[1]).toHaveTextContent("by Ana Lima");
    expect(within(detail).getByTestId("detail-status")).toHaveTextContent("On track");
  });

  it("creates an action and deletes one to the trash with Undo", async () => {
    const { user, memory, initiative } = await board();
    await user.click(screen.getByTestId("add-action"));
    await user.type(await screen.findByRole("textbox", { name: /Action/ }), "Family reading nights{Enter}");
    await waitFor(() => expect(titles()).toContain("Family reading nights"));
    // The new action opens; delete it from there.
    const detail = await screen.findByTestId("action-detail");
    await user.click(within(detail).getByTestId("delete-action"));
    await waitFor(() => expect(titles()).not.toContain("Family reading nights"));
    expect((await memory.listTrash(initiative.id)).map((t) => [t.kind, t.name])).toContainEqual(["action", "Family reading nights"]);
    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(titles()).toContain("Family reading nights"));
  });

  it("lists a deleted action in the Trash, which restores it to the board", async () => {
    const { user, memory, soon } = await board();
    await memory.deleteItem("action", soon.id);
    await user.click(screen.getByTestId("nav-trash"));
    const item = await screen.findByRole("button", { name: "Restore Summer reading push" });
    expect(item.closest("li")).toHaveTextContent("Action");
    await user.click(item);
    await user.click(screen.getByTestId("nav-actions"));
    await waitFor(() => expect(titles()).toContain("Summer reading push"));
  });
});
