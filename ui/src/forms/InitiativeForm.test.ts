import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MemoryBackend } from "../backend/memory";
import InitiativeForm from "./InitiativeForm.svelte";

describe("InitiativeForm", () => {
  it("shows a field error for an empty name and does not call create", async () => {
    const memory = new MemoryBackend();
    const user = userEvent.setup();
    render(InitiativeForm, { onsave: (input) => memory.createInitiative(input), oncancel: () => {} });

    await user.click(screen.getByTestId("save"));

    expect(screen.getByTestId("error-name")).toHaveTextContent("Give the initiative a name.");
    expect(screen.getByRole("textbox", { name: /Name/ })).toHaveAttribute("aria-invalid", "true");
    // The client-side check stops the form before it reaches the backend.
    expect(memory.callsTo("createInitiative")).toHaveLength(0);
    // ...and focus goes to the field to fix.
    expect(document.activeElement).toBe(document.querySelector('input[name="name"]'));
  });

  it("submits with Enter in a single-line field and sends the input as typed", async () => {
    const memory = new MemoryBackend();
    const user = userEvent.setup();
    render(InitiativeForm, { onsave: (input) => memory.createInitiative(input), oncancel: () => {} });

    await user.type(screen.getByRole("textbox", { name: /Name/ }), "Northside Promise");
    await user.type(screen.getByRole("textbox", { name: /Geography/ }), "Northside{Enter}");

    expect(memory.callsTo("createInitiative")[0].args[0]).toMatchObject({
      name: "Northside Promise",
      geography: "Northside",
      sectoral_home: "public",
    });
  });

  it("shows a backend error at the field it names, and others in the banner", async () => {
    const user = userEvent.setup();
    const onsave = vi
      .fn()
      .mockRejectedValueOnce({ code: "invalid_input", message: "Too long.", field: "geography" })
      .mockRejectedValueOnce({ code: "database", message: "The database is locked.", field: null });
    render(InitiativeForm, { onsave, oncancel: () => {} });

    await user.type(screen.getByRole("textbox", { name: /Name/ }), "X");
    await user.click(screen.getByTestId("save"));
    expect(await screen.findByTestId("error-geography")).toHaveTextContent("Too long.");

    await user.click(screen.getByTestId("save"));
    expect(await screen.findByTestId("error-banner")).toHaveTextContent("The database is locked.");
    expect(screen.queryByTestId("error-geography")).toBeNull();
  });

  it("cancels with Escape", async () => {
    const user = userEvent.setup();
    const oncancel = vi.fn();
    render(InitiativeForm, { onsave: vi.fn(), oncancel });
    await user.keyboard("{Escape}");
    expect(oncancel).toHaveBeenCalledOnce();
  });
});
