import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { MemoryBackend } from "../../backend/memory";
import { indicatorInput, renderApp, seeded } from "../../test-utils";

beforeEach(() => localStorage.clear());

/** Renders the app and opens the measure's Worksheet tab from the scorecard. */
async function openWorksheet(memory: MemoryBackend, measureId: string) {
  const user = userEvent.setup();
  await renderApp(memory);
  const row = await waitFor(() => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === measureId)!);
  await user.click(row);
  await user.click(await screen.findByTestId("tab-worksheet"));
  await screen.findByTestId("worksheet");
  return user;
}

describe("the Turn the Curve worksheet tab", () => {
  it("writes, saves, edits and saves again; the history shows two revisions and what changed", async () => {
    const s = await seeded();
    await s.memory.setAuthorName("Ana Ruiz");
    const user = await openWorksheet(s.memory, s.measure.id);

    // A measure with no worksheet opens in edit mode, not saved yet.
    expect(await screen.findByTestId("worksheet-revision")).toHaveTextContent("Not saved yet");
    await user.type(screen.getByTestId("ws-story-text"), "Buses are late.");
    await user.click(screen.getByTestId("ws-add-factor"));
    await user.type(screen.getByTestId("ws-factor-text"), "Late buses");
    await user.selectOptions(screen.getByTestId("ws-pick-partner"), s.partner.id);
    await user.click(screen.getByTestId("ws-add-partner"));
    await user.type(screen.getByTestId("ws-partner-role"), "Runs the reading clubs");
    await user.click(screen.getByTestId("worksheet-save"));

    await waitFor(() => expect(screen.getByTestId("worksheet-revision")).toHaveTextContent("Revision 1 by Ana Ruiz"));
    // Read mode shows what was written.
    expect(screen.getByTestId("ws-story-read")).toHaveTextContent("Buses are late.");
    expect(screen.getByTestId("ws-factors-read")).toHaveTextContent("Late buses");
    expect(screen.getByTestId("ws-partners-read")).toHaveTextContent("Eastside Library");
    expect(screen.getByTestId("ws-partners-read")).toHaveTextContent("Strategic: Runs the reading clubs");

    // Edit again; Ctrl+S saves.
    await user.click(screen.getByTestId("worksheet-edit"));
    const story = screen.getByTestId("ws-story-text");
    await user.clear(story);
    await user.type(story, "Buses are late twice a week.");
    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(screen.getByTestId("worksheet-revision")).toHaveTextContent("Revision 2 by Ana Ruiz"));
    const saved = await s.memory.getWorksheet(s.measure.id);
    expect(saved.story).toBe("Buses are late twice a week.");
    expect(saved.partners.map((p) => [p.partner_name, p.tier, p.role])).toEqual([["Eastside Library", "strategic", "Runs the reading clubs"]]);

    await user.click(screen.getByTestId("worksheet-history"));
    const rows = await screen.findAllByTestId("revision-row");
    expect(rows.map((r) => r.dataset.revision)).toEqual(["2", "1"]);
    expect(rows[0]).toHaveTextContent("story changed");
    expect(rows[1]).toHaveTextContent("first version");
    const story2 = await waitFor(() => screen.getAllByTestId("diff-section").find((x) => x.dataset.section === "story")!);
    const lines = within(story2).getAllByTestId("diff-line");
    expect(lines.map((l) => [l.dataset.kind, l.textContent?.replace(/\s+/g, " ").trim()])).toEqual([
      ["removed", "− Removed: Buses are late."],
      ["added", "+ Added: Buses are late twice a week."],
    ]);
    // Only the story changed between the two.
    expect(screen.getAllByTestId("diff-section").map((x) => x.dataset.section)).toEqual(["story"]);
  });

  it("asks before dropping unsaved changes, and saving nothing new makes no revision", async () => {
    const s = await seeded();
    await s.memory.saveWorksheet(s.measure.id, { how_doing: "", story: "First words.", factors: [], partners: [], ideas: [], action_plan: "" });
    const user = await openWorksheet(s.memory, s.measure.id);
    await user.click(await screen.findByTestId("worksheet-edit"));
    await user.type(screen.getByTestId("ws-story-text"), " More.");
    await user.click(screen.getByTestId("worksheet-cancel"));
    expect(await screen.findByTestId("discard-dialog")).toBeInTheDocument();
    await user.click(screen.getByTestId("keep-editing"));
    expect(screen.getByTestId("ws-story-text")).toHaveValue("First words. More.");

    // Leaving the measure asks too.
    await user.click(screen.getByTestId("back-to-scorecard"));
    expect(await screen.findByTestId("leave-dialog")).toBeInTheDocument();
    await user.click(within(screen.getByTestId("leave-dialog")).getByTestId("keep-editing"));
    expect(screen.getByTestId("measure-detail")).toBeInTheDocument();

    // So does going to another screen; agreeing goes there.
    await user.click(screen.getByTestId("nav-partners"));
    expect(await screen.findByTestId("discard-dialog")).toBeInTheDocument();
    expect(screen.getByTestId("measure-detail")).toBeInTheDocument();
    await user.click(screen.getByTestId("keep-editing"));
    expect(screen.getByTestId("ws-story-text")).toHaveValue("First words. More.");

    await user.click(screen.getByTestId("worksheet-cancel"));
    await user.click(await screen.findByTestId("discard-changes"));
    expect(screen.getByTestId("ws-story-read")).toHaveTextContent("First words.");
    await user.click(screen.getByTestId("worksheet-edit"));
    await user.click(screen.getByTestId("worksheet-save"));
    await waitFor(() => expect(screen.getByTestId("worksheet-revision")).toHaveTextContent("Revision 1"));
    expect(await s.memory.worksheetRevisions(s.measure.id)).toHaveLength(1);

    // With changes, discarding on the way to another screen goes there.
    await user.click(screen.getByTestId("worksheet-edit"));
    await user.type(screen.getByTestId("ws-story-text"), " Again.");
    await user.click(screen.getByTestId("nav-partners"));
    await user.click(await screen.findByTestId("discard-changes"));
    await waitFor(() => expect(screen.getByTestId("nav-partners")).toHaveAttribute("aria-current", "page"));
    expect((await s.memory.getWorksheet(s.measure.id)).story).toBe("First words.");
  });

  it("asks before switching initiative drops unsaved changes", async () => {
    const s = await seeded();
    const other = await s.memory.createInitiative({
      name: "Westside Works", shared_result: "", geography: "", sectoral_home: "public", backbone_org: "", equity_statement: "",
    });
    const user = await openWorksheet(s.memory, s.measure.id);
    await user.type(await screen.findByTestId("ws-story-text"), "Unsaved words.");
    const switcher = screen.getByTestId("initiative-switcher") as HTMLSelectElement;
    const here = switcher.value;

    // Keep editing: still here, the switcher shows this initiative, the words stay.
    await user.selectOptions(switcher, other.id);
    expect(await screen.findByTestId("discard-dialog")).toBeInTheDocument();
    expect(switcher.value).toBe(here);
    await user.click(screen.getByTestId("keep-editing"));
    expect(screen.getByTestId("ws-story-text")).toHaveValue("Unsaved words.");
    expect(screen.getByTestId("measure-detail")).toBeInTheDocument();

    // Discarding switches.
    await user.selectOptions(switcher, other.id);
    await user.click(await screen.findByTestId("discard-changes"));
    await waitFor(() => expect(switcher.value).toBe(other.id));
    expect((await s.memory.getWorksheet(s.measure.id)).revision).toBe(0);
  });

  /** A measure with values for `periods`, its worksheet saved a day later; then the clock
   * moves on another day and `after` runs. */
  async function savedThenChanged(periods: [string, string][], after: (m: MemoryBackend, measureId: string) => Promise<unknown>) {
    let clock = new Date("2025-03-15T12:00:00Z");
    const memory = new MemoryBackend({ now: () => clock });
    const initiative = await memory.createInitiative({
      name: "Eastside Promise", shared_result: "", geography: "", sectoral_home: "nonprofit", backbone_org: "", equity_statement: "",
    });
    const result = await memory.createResult(initiative.id, { name: "Children read well", description: "" });
    const measure = await memory.createMeasure(initiative.id, indicatorInput(result.id));
    await memory.saveObservations(measure.id, periods.map(([p, v]) => cell(p, v)));
    clock = new Date("2025-03-16T12:00:00Z");
    await memory.saveWorksheet(measure.id, { how_doing: "", story: "Up.", factors: [], partners: [], ideas: [], action_plan: "" });
    clock = new Date("2025-03-17T12:00:00Z");
    await after(memory, measure.id);
    return { memory, measure };
  }

  const cell = (period: string, value: string) => ({ period, group_ids: [], value, target: null, target_low: null, target_high: null, note: null, suppressed: null });

  it("says 'last updated before the latest data' when a value arrived after the last save", async () => {
    const { memory, measure } = await savedThenChanged([["2023", "60"]], (m, id) => m.saveObservations(id, [cell("2024", "64")]));

    await openWorksheet(memory, measure.id);
    expect(await screen.findByTestId("worksheet-stale")).toHaveTextContent("Last updated before the latest data.");
  });

  it("says the data changed when a value was cleared after the last save", async () => {
    const { memory, measure } = await savedThenChanged([["2023", "60"], ["2024", "64"]], (m, id) => m.saveObservations(id, [cell("2024", "")]));

    await openWorksheet(memory, measure.id);
    const banner = await screen.findByTestId("worksheet-stale");
    expect(banner).toHaveTextContent("Last updated before the latest data.");
    expect(banner).toHaveTextContent("The data changed on");
  });

  it("shows no stale banner when the worksheet was saved after the latest value", async () => {
    const s = await seeded();
    await s.memory.saveWorksheet(s.measure.id, { how_doing: "", story: "Up.", factors: [], partners: [], ideas: [], action_plan: "" });
    await openWorksheet(s.memory, s.measure.id);
    await screen.findByTestId("ws-story-read");
    expect(screen.queryByTestId("worksheet-stale")).toBeNull();
  });

  it("renders a user's <script> and <b> as text, and **bold** and bullets as elements", async () => {
    const s = await seeded();
    const story = "Watch <script>alert(1)</script> and <b>this</b>.\n\n- one **key** point\n- another";
    await s.memory.saveWorksheet(s.measure.id, { how_doing: "", story, factors: [], partners: [], ideas: [], action_plan: "" });
    await openWorksheet(s.memory, s.measure.id);
    const read = await screen.findByTestId("ws-story-read");
    expect(read.querySelector("script")).toBeNull();
    expect(read.querySelector("b")).toBeNull();
    expect(read).toHaveTextContent("Watch <script>alert(1)</script> and <b>this</b>.");
    expect(read.querySelectorAll("li")).toHaveLength(2);
    expect(read.querySelector("li strong")).toHaveTextContent("key");
  });
});
