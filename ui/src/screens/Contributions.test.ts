import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { ActionInput } from "../bindings/ActionInput";
import { renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());

/** The seeded initiative plus a second result, two partners more, a program and its measure. */
async function world() {
  const s = await seeded();
  const m = s.memory;
  const iid = s.initiative.id;
  const partner = (name: string) =>
    m.createPartner(iid, { name, sector: "nonprofit", tier: null, contact_name: "", contact_email: "", contact_phone: "", notes: "" });
  const foundation = await partner("Community Foundation");
  const tutors = await partner("Ace Tutors");
  const stable = await m.createResult(iid, { name: "Families are stable", description: "" });
  const program = await m.createProgram(iid, {
    name: "Reading Buddies",
    description: "",
    lead_partner_id: s.partner.id,
    result_ids: [s.result.id],
    contributor_ids: [tutors.id],
  });
  await m.setPartnerRole(foundation.id, "result", s.result.id, "partner", "Funds summer reading", "strategic");
  m.calls = [];
  return { ...s, foundation, tutors, stable, program };
}

function action(title: string, owner: string, due: string | null, status: ActionInput["status"]): ActionInput {
  return { title, description: "", owner_partner_id: owner, owner_person: "", start_date: null, due_date: due, status, links: [] };
}

describe("partner page", () => {
  it("lists programs, roles and open actions; adds, edits and removes a role on a measure", async () => {
    const w = await world();
    await w.memory.createAction(w.initiative.id, action("Open the reading room", w.partner.id, "2025-03-01", "on_track"));
    await w.memory.createAction(w.initiative.id, action("Buy books", w.partner.id, null, "not_started"));
    await w.memory.createAction(w.initiative.id, action("Old project", w.partner.id, "2024-01-01", "done"));
    const user = userEvent.setup();
    await renderApp(w.memory);
    await user.click(screen.getByTestId("nav-partners"));
    const row = (await screen.findAllByTestId("item")).find((r) => r.dataset.id === w.partner.id)!;
    await user.click(within(row).getByTestId("open-partner"));

    const detail = await screen.findByTestId("partner-detail");
    await waitFor(() => expect(within(detail).getByTestId("partner-programs")).toHaveTextContent("Reading Buddies Lead"));
    expect(within(detail).getByTestId("no-roles")).toBeInTheDocument();
    const actions = within(within(detail).getByTestId("partner-actions")).getAllByRole("listitem");
    expect(actions.map((a) => a.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Open the reading room due 2025-03-01 Overdue",
      "Buy books no due date",
    ]);

    // A role on the indicator, with the role in words and a tier.
    await user.selectOptions(within(detail).getByLabelText(/^On/), `measure:${w.measure.id}`);
    await user.type(within(detail).getByLabelText(/The role in words/), "Hosts the family reading nights");
    await user.selectOptions(within(detail).getByLabelText(/^Tier/), "strategic");
    await user.click(within(detail).getByTestId("save-role"));
    const role = await within(detail).findByTestId("partner-role");
    expect(role).toHaveTextContent("Third-grade reading proficiency");
    expect(role).toHaveTextContent("measure of Children read well by third grade");
    expect(role).toHaveTextContent("Strategic");
    expect(role).toHaveTextContent("Hosts the family reading nights");
    expect(w.memory.calls.filter((c) => c.method === "setPartnerRole").map((c) => c.args)).toEqual([
      [w.partner.id, "measure", w.measure.id, "partner", "Hosts the family reading nights", "strategic"],
    ]);

    // Editing fills the form; saving again changes the same role.
    await user.click(within(role).getByTestId("edit-role"));
    const words = within(detail).getByLabelText(/The role in words/);
    expect(words).toHaveValue("Hosts the family reading nights");
    await user.clear(words);
    await user.type(words, "Lends the room");
    await user.selectOptions(within(detail).getByLabelText(/^Tier/), "mid_tier");
    await user.click(within(detail).getByTestId("save-role"));
    await waitFor(() => expect(within(detail).getByTestId("partner-role")).toHaveTextContent("Lends the room"));
    expect(within(detail).getAllByTestId("partner-role")).toHaveLength(1);
    expect(within(detail).getByTestId("partner-role")).toHaveTextContent("Mid-tier");

    // Removing moves it to the trash; Undo brings it back.
    await user.click(within(detail).getByTestId("remove-role"));
    await waitFor(() => expect(within(detail).queryByTestId("partner-role")).toBeNull());
    expect((await w.memory.listTrash(w.initiative.id)).map((t) => t.kind)).toContain("partner_role");
    await user.click(await screen.findByTestId("undo"));
    await waitFor(() => expect(within(detail).getByTestId("partner-role")).toHaveTextContent("Lends the room"));
  });

  it("asks for a target before saving a role", async () => {
    const w = await world();
    const user = userEvent.setup();
    await renderApp(w.memory);
    await user.click(screen.getByTestId("nav-partners"));
    const row = (await screen.findAllByTestId("item")).find((r) => r.dataset.id === w.tutors.id)!;
    await user.click(within(row).getByTestId("open-partner"));
    const detail = await screen.findByTestId("partner-detail");
    await waitFor(() => expect(within(detail).getByTestId("partner-programs")).toHaveTextContent("Reading Buddies Contributor"));
    await user.click(within(detail).getByTestId("save-role"));
    expect(within(detail).getByTestId("role-error")).toHaveTextContent("Choose the result or measure");
    expect(w.memory.calls.some((c) => c.method === "setPartnerRole")).toBe(false);
    expect(within(detail).getByTestId("no-actions")).toBeInTheDocument();
  });
});

describe("results screen", () => {
  it("shows the partners with a role on each result and through what", async () => {
    const w = await world();
    const user = userEvent.setup();
    await renderApp(w.memory);
    await user.click(screen.getByTestId("nav-results"));
    const cards = await screen.findAllByTestId("item");
    const reading = cards.find((c) => c.dataset.id === w.result.id)!;
    await waitFor(() => expect(within(reading).getAllByTestId("result-partner")).toHaveLength(3));
    const lines = within(reading)
      .getAllByTestId("result-partner")
      .map((l) => l.textContent?.replace(/\s+/g, " ").trim());
    expect(lines).toEqual([
      "Ace Tutors Contributor through contributes to program Reading Buddies",
      "Community Foundation Partner with a role Strategic through the result itself Funds summer reading",
      "Eastside Library Lead through leads program Reading Buddies",
    ]);
    const stable = cards.find((c) => c.dataset.id === w.stable.id)!;
    expect(await within(stable).findByTestId("no-result-partners")).toBeInTheDocument();
  });
});

describe("contributions screen", () => {
  it("is in the nav after Partners and shows the matrix with its legend; empty cells say so", async () => {
    const w = await world();
    await w.memory.setPartnerRole(w.tutors.id, "measure", w.measure.id, "partner", "Tutors after school", null);
    const user = userEvent.setup();
    await renderApp(w.memory);
    const nav = screen.getAllByRole("button").filter((b) => b.dataset.testid?.startsWith("nav-")).map((b) => b.dataset.testid);
    // In the partnership's group of the nav: after Partners, before Data entry.
    expect(nav.indexOf("nav-contributions")).toBeGreaterThan(nav.indexOf("nav-partners"));
    expect(nav.indexOf("nav-contributions")).toBeLessThan(nav.indexOf("nav-data"));
    await user.click(screen.getByTestId("nav-contributions"));

    const matrix = await screen.findByTestId("contributions-matrix");
    expect(screen.getByTestId("contributions-legend")).toHaveTextContent("Leads the program");
    expect(within(matrix).getAllByTestId("matrix-column").map((c) => c.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Result Children read well by third grade",
      "Result Families are stable",
      "Program Reading Buddies",
    ]);
    const rows = within(matrix).getAllByTestId("matrix-row");
    const cells = rows.map((r) => [
      within(r).getByRole("rowheader").textContent?.trim(),
      ...within(r).getAllByTestId("matrix-cell").map((c) => c.textContent?.replace(/\s+/g, " ").trim()),
    ]);
    expect(cells).toEqual([
      ["Ace Tutors", "P partner on Third-grade reading proficiency: Tutors after school", "·No role", "C contributor"],
      ["Community Foundation", "P partner: Funds summer reading (Strategic)", "·No role", "·No role"],
      ["Eastside Library", "·No role", "·No role", "L lead"],
    ]);
  });

  it("exports the matrix as CSV to the path the user picks, and nothing when they cancel", async () => {
    const w = await world();
    const user = userEvent.setup();
    await renderApp(w.memory);
    await user.click(screen.getByTestId("nav-contributions"));
    await screen.findByTestId("contributions-matrix");

    w.memory.exportPath = null;
    await user.click(screen.getByTestId("export-contributions"));
    await waitFor(() => expect(w.memory.calls.some((c) => c.method === "chooseContributionsPath")).toBe(true));
    expect(w.memory.calls.some((c) => c.method === "exportContributions")).toBe(false);

    w.memory.exportPath = "/tmp/eastside-contributions.csv";
    await user.click(screen.getByTestId("export-contributions"));
    expect(await screen.findByText("Exported 3 partners to /tmp/eastside-contributions.csv")).toBeInTheDocument();
    expect(w.memory.calls.find((c) => c.method === "chooseContributionsPath")?.args).toEqual(["eastside-promise-contributions.csv"]);
    expect(w.memory.contributions.files.get("/tmp/eastside-contributions.csv")).toBe(
      [
        "Partner,Children read well by third grade,Families are stable,Reading Buddies",
        "Ace Tutors,,,contributor",
        "Community Foundation,partner: Funds summer reading,,",
        "Eastside Library,,,lead",
        "",
      ].join("\n"),
    );
  });

  it("says what to add when there are no partners", async () => {
    const s = await seeded();
    await s.memory.deleteItem("partner", s.partner.id);
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-contributions"));
    expect(await screen.findByText("No partners yet")).toBeInTheDocument();
    expect(screen.getByTestId("export-contributions")).toBeDisabled();
  });
});
