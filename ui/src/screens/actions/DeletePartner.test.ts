import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderApp, seeded } from "../../test-utils";

async function partnersScreen(actions: number) {
  const s = await seeded();
  const { memory, initiative, partner } = s;
  const other = await memory.createPartner(initiative.id, {
    name: "Northside YMCA",
    sector: "nonprofit",
    tier: null,
    contact_name: "",
    contact_email: "",
    contact_phone: "",
    notes: "",
  });
  const ids: string[] = [];
  for (let i = 0; i < actions; i++) {
    const a = await memory.createAction(initiative.id, {
      title: `Action ${i + 1}`,
      description: "",
      owner_partner_id: partner.id,
      owner_person: "",
      start_date: null,
      due_date: null,
      status: i === 0 ? "on_track" : "done",
      links: [],
    });
    ids.push(a.id);
  }
  const user = userEvent.setup();
  await renderApp(memory);
  await user.click(screen.getByTestId("nav-partners"));
  await user.click(await screen.findByRole("button", { name: `Delete ${partner.name}` }));
  return { ...s, other, ids, user };
}

describe("Deleting a partner that owns actions", () => {
  it("goes straight to the trash when it owns none", async () => {
    const { memory, partner } = await partnersScreen(0);
    await waitFor(async () => expect((await memory.listPartners(partner.initiative_id)).map((p) => p.id)).not.toContain(partner.id));
    expect(screen.queryByTestId("delete-partner-dialog")).toBeNull();
    expect(memory.callsTo("deleteItem")[0].args).toEqual(["partner", partner.id]);
  });

  it("says how many it owns, and reassigns them to the partner chosen", async () => {
    const { memory, partner, other, ids, user } = await partnersScreen(2);
    const dialog = await screen.findByTestId("delete-partner-dialog");
    expect(within(dialog).getByTestId("owned-count")).toHaveTextContent("Eastside Library owns 2 actions.");
    // Reassigning needs a partner.
    await user.click(within(dialog).getByTestId("confirm"));
    expect(within(dialog).getByTestId("error-banner")).toHaveTextContent("Choose the partner who takes over the actions.");
    expect(memory.callsTo("deletePartnerWithActions")).toHaveLength(0);

    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Partner who takes over the actions" }), other.id);
    await user.click(within(dialog).getByTestId("confirm"));
    await waitFor(() => expect(screen.queryByTestId("delete-partner-dialog")).toBeNull());
    expect(memory.callsTo("deletePartnerWithActions")[0].args).toEqual([partner.id, { kind: "reassign", partner_id: other.id }]);
    for (const id of ids) {
      const a = await memory.getAction(id);
      expect(a.owner_partner_name).toBe("Northside YMCA");
      expect(a.updates[0].comment).toContain("Reassigned from Eastside Library to Northside YMCA");
    }
    expect(await screen.findByText(/its 2 actions now belong to Northside YMCA/)).toBeInTheDocument();
  });

  it("keeps them with it as a former partner, and cancelling changes nothing", async () => {
    const { memory, partner, ids, user } = await partnersScreen(1);
    let dialog = await screen.findByTestId("delete-partner-dialog");
    expect(within(dialog).getByTestId("owned-count")).toHaveTextContent("owns 1 action.");
    await user.click(within(dialog).getByTestId("cancel"));
    expect(screen.queryByTestId("delete-partner-dialog")).toBeNull();
    expect((await memory.listPartners(partner.initiative_id)).map((p) => p.id)).toContain(partner.id);

    await user.click(screen.getByRole("button", { name: `Delete ${partner.name}` }));
    dialog = await screen.findByTestId("delete-partner-dialog");
    await user.click(within(dialog).getByRole("radio", { name: "Keep them with Eastside Library as a former partner" }));
    await user.click(within(dialog).getByTestId("confirm"));
    await waitFor(() => expect(screen.queryByTestId("delete-partner-dialog")).toBeNull());
    const a = await memory.getAction(ids[0]);
    expect(a.owner_is_former).toBe(true);
    expect(a.owner_partner_name).toBe("Eastside Library");
    // Undo brings the partner back as a current owner.
    await user.click(screen.getByTestId("undo"));
    await waitFor(async () => expect((await memory.getAction(ids[0])).owner_is_former).toBe(false));
  });
});
