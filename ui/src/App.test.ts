import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryBackend } from "./backend/memory";
import { NOW, renderApp, seeded } from "./test-utils";

beforeEach(() => localStorage.clear());

describe("launch", () => {
  it("opens the sample's scorecard with no action from the user, then its overview", async () => {
    const memory = new MemoryBackend({ now: () => NOW });
    await memory.seedSample();
    const user = userEvent.setup();
    await renderApp(memory);

    expect(screen.getByTestId("initiative-name")).toHaveTextContent("Riverbend Cradle to Career (sample)");
    expect(screen.getByTestId("sample-banner")).toHaveTextContent("Sample: fictional data");
    expect(screen.getByTestId("nav-scorecard")).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(screen.getAllByTestId("scorecard-row")).toHaveLength(3));
    expect(screen.getByTestId("rollup-strip")).toBeInTheDocument();

    await user.click(screen.getByTestId("nav-overview"));
    expect(screen.getByTestId("shared-result")).toHaveTextContent("graduates ready for college and career");
    expect(screen.getByTestId("count-indicators")).toHaveTextContent("2");
    // Latest value formatted by unit, with its period.
    const row = screen.getAllByTestId("overview-indicator").find((r) => r.textContent?.includes("graduation"))!;
    expect(within(row).getByTestId("latest-value")).toHaveTextContent("82.1%");
    expect(row).toHaveTextContent("2023-24");
    expect(screen.getByTestId("db-path")).toHaveTextContent("backbone.sqlite");
  });

  it("offers to create an initiative or load the sample when there is none", async () => {
    const memory = new MemoryBackend({ now: () => NOW });
    const user = userEvent.setup();
    await renderApp(memory);

    expect(screen.getByTestId("no-initiatives")).toBeInTheDocument();
    await user.click(screen.getByTestId("load-sample"));
    expect(await screen.findByTestId("sample-banner")).toBeInTheDocument();
    const sample = (await memory.listInitiatives()).find((i) => i.is_sample)!;
    expect(screen.getByTestId("initiative-switcher")).toHaveValue(sample.id);
  });

  it("remembers the last initiative used", async () => {
    const { memory } = await seeded();
    await memory.seedSample();
    const other = (await memory.listInitiatives()).find((i) => !i.is_sample)!;
    localStorage.setItem("backbone.lastInitiative", other.id);
    await renderApp(memory);
    expect(screen.getByTestId("initiative-name")).toHaveTextContent("Eastside Promise");
    expect(screen.queryByTestId("sample-banner")).toBeNull();
  });
});

describe("initiatives", () => {
  it("creates a new initiative from the sidebar and opens it", async () => {
    const { memory } = await seeded();
    const user = userEvent.setup();
    await renderApp(memory);

    await user.click(screen.getByTestId("new-initiative"));
    const dialog = screen.getByTestId("form-dialog");
    // Focus moves into the dialog.
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.type(within(dialog).getByRole("textbox", { name: /Name/ }), "Westside Works{Enter}");

    await waitFor(() => expect(screen.getByTestId("initiative-name")).toHaveTextContent("Westside Works"));
    expect(screen.queryByTestId("form-dialog")).toBeNull();
  });

  it("removes the sample after confirming", async () => {
    const { memory } = await seeded();
    await memory.seedSample();
    const user = userEvent.setup();
    await renderApp(memory);
    await user.selectOptions(screen.getByTestId("initiative-switcher"), (await memory.listInitiatives()).find((i) => i.is_sample)!.id);
    await user.click(await screen.findByTestId("remove-sample"));
    expect(memory.callsTo("removeSample")).toHaveLength(0);
    await user.click(screen.getByTestId("confirm"));
    await waitFor(() => expect(screen.queryByTestId("sample-banner")).toBeNull());
    expect(memory.callsTo("removeSample")).toHaveLength(1);
    expect(screen.getByTestId("initiative-name")).toHaveTextContent("Eastside Promise");
  });
});

describe("initiative trash", () => {
  it("moves an initiative to the trash and brings it back from there", async () => {
    const { memory } = await seeded();
    await memory.seedSample();
    const user = userEvent.setup();
    await renderApp(memory);
    const eastside = (await memory.listInitiatives()).find((i) => !i.is_sample)!;
    await user.selectOptions(screen.getByTestId("initiative-switcher"), eastside.id);
    await waitFor(() => expect(screen.getByTestId("initiative-name")).toHaveTextContent("Eastside Promise"));

    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("delete-initiative"));
    await waitFor(() => expect(screen.getByTestId("initiative-name")).not.toHaveTextContent("Eastside Promise"));
    expect((await memory.listInitiatives()).map((i) => i.id)).not.toContain(eastside.id);

    await user.click(screen.getByTestId("nav-trash"));
    const trashed = (await screen.findAllByTestId("item")).find((el) => el.dataset.id === eastside.id)!;
    expect(trashed).toHaveAttribute("data-kind", "initiative");
    await user.click(within(trashed).getByTestId("restore"));
    await waitFor(() => expect(memory.callsTo("restoreItem")).toHaveLength(1));
    expect((await memory.listInitiatives()).map((i) => i.id)).toContain(eastside.id);
  });
});

describe("lists", () => {
  it("deletes a partner to the trash and restores it from there", async () => {
    const { memory, partner } = await seeded();
    const user = userEvent.setup();
    await renderApp(memory);

    await user.click(screen.getByTestId("nav-partners"));
    const item = screen.getAllByTestId("item").find((el) => el.dataset.id === partner.id)!;
    await user.click(within(item).getByTestId("delete"));
    await waitFor(() => expect(screen.queryAllByTestId("item")).toHaveLength(0));
    expect(screen.getByTestId("toast")).toHaveTextContent("moved to the trash");

    await user.click(screen.getByTestId("nav-trash"));
    const trashed = await screen.findByTestId("item");
    expect(trashed).toHaveAttribute("data-id", partner.id);
    await user.click(within(trashed).getByTestId("restore"));
    await waitFor(() => expect(screen.queryAllByTestId("item")).toHaveLength(0));

    await user.click(screen.getByTestId("nav-partners"));
    expect(screen.getAllByTestId("item").map((el) => el.dataset.id)).toEqual([partner.id]);
  });

  it("undoes a delete from the toast", async () => {
    const { memory, result } = await seeded();
    const user = userEvent.setup();
    await renderApp(memory);

    await user.click(screen.getByTestId("nav-results"));
    const card = screen.getAllByTestId("item").find((el) => el.dataset.id === result.id)!;
    await user.click(within(card).getAllByTestId("delete")[0]);
    await waitFor(() => expect(screen.queryAllByTestId("item")).toHaveLength(0));
    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(screen.getAllByTestId("item").some((el) => el.dataset.id === result.id)).toBe(true));
    expect(memory.callsTo("restoreItem")[0].args).toEqual(["result", result.id]);
  });

  it("adds an indicator from a result card with that result pre-selected", async () => {
    const { memory, result } = await seeded();
    const user = userEvent.setup();
    await renderApp(memory);

    await user.click(screen.getByTestId("nav-results"));
    await user.click(screen.getByTestId("add-indicator"));
    const dialog = screen.getByTestId("form-dialog");
    expect(within(dialog).getByRole("combobox", { name: /Result/ })).toHaveValue(result.id);
    await user.type(within(dialog).getByRole("textbox", { name: /^Name/ }), "Chronic absence");
    await user.selectOptions(within(dialog).getByRole("combobox", { name: /Unit/ }), "rate");
    expect(within(dialog).getByRole("textbox", { name: /Rate per/ })).toHaveValue("1000");
    await user.click(within(dialog).getByTestId("save"));

    await waitFor(() => expect(screen.queryByTestId("form-dialog")).toBeNull());
    expect(memory.callsTo("createMeasure")[0].args[1]).toMatchObject({
      kind: "indicator",
      result_id: result.id,
      program_id: null,
      category: null,
      unit: "rate",
      rate_per: 1000,
    });
    expect(screen.getByText("Chronic absence")).toBeInTheDocument();
  });

  it("groups a program's measures under the three RBA questions", async () => {
    const { memory, initiative, partner } = await seeded();
    const program = await memory.createProgram(initiative.id, {
      name: "Summer reading", description: "", lead_partner_id: partner.id, result_ids: [], contributor_ids: [],
    });
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-programs"));

    for (const q of ["How much did we do?", "How well did we do it?", "Is anyone better off?"])
      expect(screen.getByRole("heading", { name: q })).toBeInTheDocument();

    await user.click(screen.getByTestId("add-measure"));
    const dialog = screen.getByTestId("form-dialog");
    expect(within(dialog).getByRole("combobox", { name: /Program/ })).toHaveValue(program.id);
    await user.type(within(dialog).getByRole("textbox", { name: /^Name/ }), "Children enrolled");
    await user.click(within(dialog).getByTestId("save"));
    // Category is required for a performance measure: caught before the backend.
    expect(within(dialog).getByTestId("error-category")).toBeInTheDocument();
    expect(memory.callsTo("createMeasure")).toHaveLength(0);

    await user.selectOptions(within(dialog).getByRole("combobox", { name: /RBA question/ }), "how_much");
    await user.click(within(dialog).getByTestId("save"));
    await waitFor(() => expect(screen.queryByTestId("form-dialog")).toBeNull());
    const section = screen.getByRole("region", { name: /How much did we do\? \(Summer reading\)/ });
    expect(within(section).getByText("Children enrolled")).toBeInTheDocument();
  });

  it("shows a backend validation error at the field", async () => {
    const { memory, partner } = await seeded();
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-partners"));
    const item = screen.getAllByTestId("item").find((el) => el.dataset.id === partner.id)!;
    await user.click(within(item).getByTestId("edit"));
    const dialog = screen.getByTestId("form-dialog");
    const name = within(dialog).getByRole("textbox", { name: /Organisation/ });
    expect(name).toHaveValue("Eastside Library");
    await user.clear(name);
    await user.click(within(dialog).getByTestId("save"));
    expect(within(dialog).getByTestId("error-name")).toBeInTheDocument();
    expect(memory.callsTo("updatePartner")).toHaveLength(0);
    await user.click(within(dialog).getByTestId("cancel"));
    expect(screen.queryByTestId("form-dialog")).toBeNull();
    // Focus returns to the button that opened the dialog.
    expect(document.activeElement).toBe(within(item).getByTestId("edit"));
  });
});
