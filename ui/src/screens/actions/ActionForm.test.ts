import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { setBackend } from "../../backend";
import { seeded } from "../../test-utils";
import ActionForm from "./ActionForm.svelte";

async function setup(props: Record<string, unknown> = {}) {
  const s = await seeded();
  setBackend(s.memory);
  const onsave = vi.fn();
  const user = userEvent.setup();
  render(ActionForm, { initiativeId: s.initiative.id, onsave, oncancel: () => {}, ...props });
  // The partners and measures are loaded by the form itself.
  await screen.findByRole("option", { name: "Eastside Library" });
  return { ...s, onsave, user };
}

const field = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

describe("ActionForm", () => {
  it("asks for a title and saves nothing without one", async () => {
    const { memory, onsave, user } = await setup();
    await user.click(screen.getByTestId("save"));
    expect(screen.getByTestId("error-title")).toHaveTextContent("Give the action a title.");
    expect(memory.callsTo("createAction")).toHaveLength(0);
    expect(onsave).not.toHaveBeenCalled();
  });

  it("refuses a due date before the start date, at the due date", async () => {
    const { memory, user } = await setup();
    await user.type(screen.getByRole("textbox", { name: /Action/ }), "Tutoring");
    await fireEvent.input(field("start_date"), { target: { value: "2025-06-01" } });
    await fireEvent.input(field("due_date"), { target: { value: "2025-05-01" } });
    await user.click(screen.getByTestId("save"));
    expect(screen.getByTestId("error-due_date")).toHaveTextContent("The due date is before the start date.");
    expect(field("due_date")).toHaveAttribute("aria-invalid", "true");
    expect(memory.callsTo("createAction")).toHaveLength(0);
  });

  it("creates the action with its owner, dates, status and links", async () => {
    const { memory, onsave, user, partner, measure } = await setup();
    await user.type(screen.getByRole("textbox", { name: /Action/ }), "  Open homework clubs ");
    await user.selectOptions(screen.getByRole("combobox", { name: /Owner \(partner\)/ }), partner.id);
    await user.type(screen.getByRole("textbox", { name: /Owner \(person\)/ }), "Dana");
    await fireEvent.input(field("due_date"), { target: { value: "2025-06-30" } });
    await user.selectOptions(screen.getByRole("combobox", { name: /Status/ }), "on_track");
    await user.click(screen.getByRole("checkbox", { name: measure.name }));
    await user.click(screen.getByTestId("save"));

    await waitFor(() => expect(onsave).toHaveBeenCalledOnce());
    const saved = onsave.mock.calls[0][0];
    expect(saved).toMatchObject({
      title: "Open homework clubs",
      owner_partner_name: "Eastside Library",
      owner_person: "Dana",
      due_date: "2025-06-30",
      status: "on_track",
      links: [{ target_kind: "measure", target_id: measure.id, name: measure.name }],
    });
    expect(memory.callsTo("createAction")).toHaveLength(1);
  });

  it("starts a new action with preset links checked", async () => {
    const s = await seeded();
    setBackend(s.memory);
    render(ActionForm, {
      initiativeId: s.initiative.id,
      links: [{ target_kind: "measure", target_id: s.measure.id }],
      onsave: () => {},
      oncancel: () => {},
    });
    expect(await screen.findByRole("checkbox", { name: s.measure.name })).toBeChecked();
  });

  it("edits an action and shows a backend error at its field", async () => {
    const { memory, initiative } = await seeded();
    setBackend(memory);
    const user = userEvent.setup();
    const action = await memory.createAction(initiative.id, {
      title: "Clubs",
      description: "",
      owner_partner_id: null,
      owner_person: "",
      start_date: null,
      due_date: null,
      status: "not_started",
      links: [],
    });
    const onsave = vi.fn();
    render(ActionForm, { initiativeId: initiative.id, action, onsave, oncancel: () => {} });
    const title = screen.getByRole("textbox", { name: /Action/ });
    expect(title).toHaveValue("Clubs");
    await user.type(title, " everywhere");
    memory.updateAction = vi.fn().mockRejectedValueOnce({ code: "invalid_input", message: "The action's title is longer than 300 characters", field: "title" });
    await user.click(screen.getByTestId("save"));
    expect(await screen.findByTestId("error-title")).toHaveTextContent("longer than 300");
    expect(onsave).not.toHaveBeenCalled();
  });

  it("keeps the owner and links of the action it edits", async () => {
    const { memory, initiative, partner, measure } = await seeded();
    setBackend(memory);
    const user = userEvent.setup();
    const action = await memory.createAction(initiative.id, {
      title: "Clubs",
      description: "",
      owner_partner_id: partner.id,
      owner_person: "",
      start_date: "2025-01-01",
      due_date: "2025-06-30",
      status: "at_risk",
      links: [{ target_kind: "measure", target_id: measure.id }],
    });
    const onsave = vi.fn();
    render(ActionForm, { initiativeId: initiative.id, action, onsave, oncancel: () => {} });
    await screen.findByRole("option", { name: "Eastside Library" });
    expect(screen.getByRole("combobox", { name: /Owner \(partner\)/ })).toHaveValue(partner.id);
    await user.click(screen.getByTestId("save"));
    await waitFor(() => expect(onsave).toHaveBeenCalledOnce());
    expect(memory.callsTo("updateAction")[0].args[1]).toMatchObject({
      owner_partner_id: partner.id,
      start_date: "2025-01-01",
      due_date: "2025-06-30",
      status: "at_risk",
      links: [{ target_kind: "measure", target_id: measure.id }],
    });
  });
});
