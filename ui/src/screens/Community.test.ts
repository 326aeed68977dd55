import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CommunityEventInput } from "../bindings/CommunityEventInput";
import { renderApp, seeded } from "../test-utils";

function input(title: string, event_date: string, over: Partial<CommunityEventInput> = {}): CommunityEventInput {
  return {
    kind: "listening_session",
    title,
    event_date,
    place: "",
    participants: null,
    communities: "",
    group_ids: [],
    summary: "",
    themes: [],
    links: [],
    ...over,
  };
}
const theme = (name: string, quotes: { text: string; attribution: string }[] = []) => ({ theme_id: null, name, summary: "", quotes });

async function open() {
  const s = await seeded();
  const user = userEvent.setup();
  await renderApp(s.memory);
  await user.click(screen.getByTestId("nav-community"));
  return { ...s, user };
}

const titles = () => screen.queryAllByTestId("event-title").map((h) => h.textContent);

describe("Community input", () => {
  it("lists events newest first and filters them by kind and by theme heard", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    await memory.createCommunityEvent(initiative.id, input("Parents' night", "2025-01-10", { themes: [theme("Transportation", [{ text: "The bus never comes", attribution: "a parent" }])], links: [{ target_kind: "measure", target_id: measure.id }] }));
    await memory.createCommunityEvent(initiative.id, input("Youth survey", "2025-02-20", { kind: "survey", themes: [theme("Safety")] }));
    await memory.createCommunityEvent(initiative.id, input("Town hall", "2024-11-05", { kind: "town_hall", themes: [theme("transportation ")] }));
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-community"));
    await waitFor(() => expect(titles()).toEqual(["Youth survey", "Parents' night", "Town hall"]));

    // What was heard and what it informs show as text.
    const parents = screen.getAllByTestId("community-event")[1];
    expect(within(parents).getByText(/The bus never comes/)).toBeInTheDocument();
    expect(within(parents).getByText(/a parent/)).toBeInTheDocument();
    expect(within(parents).getByTestId("event-links")).toHaveTextContent(measure.name);

    // Themes are shared: "transportation " is the same theme, heard at two events.
    const rows = screen.getAllByTestId("theme-row").map((r) => [within(r).getByRole("button").textContent, within(r).getByTestId("theme-count").textContent]);
    expect(rows).toEqual([
      ["Safety", "1 event"],
      ["Transportation", "2 events"],
    ]);

    await user.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "survey");
    expect(titles()).toEqual(["Youth survey"]);
    await user.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "");
    await user.selectOptions(screen.getByRole("combobox", { name: "Theme heard" }), screen.getByRole("option", { name: "Transportation" }));
    expect(titles()).toEqual(["Parents' night", "Town hall"]);
  });

  it("checks the form before sending it, then saves the themes and quotes typed", async () => {
    const { user, memory } = await open();
    await user.click(await screen.findByTestId("add-event"));
    const dialog = await screen.findByTestId("form-dialog");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(within(dialog).getByText("Give the event a title.")).toBeInTheDocument();
    expect(within(dialog).getByText("When was it? Give the date.")).toBeInTheDocument();
    expect(memory.callsTo("createCommunityEvent")).toHaveLength(0);

    await user.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Listening session at the library");
    await user.type(within(dialog).getByLabelText(/Date/), "2025-03-01");
    await user.type(within(dialog).getByRole("textbox", { name: /How many took part/ }), "-3");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(within(dialog).getByText(/a whole number, 0 or more/)).toBeInTheDocument();
    expect(memory.callsTo("createCommunityEvent")).toHaveLength(0);

    // A theme named twice in any case is caught; so is an empty quote.
    await user.clear(within(dialog).getByRole("textbox", { name: /How many took part/ }));
    await user.type(within(dialog).getByRole("textbox", { name: /How many took part/ }), "18");
    await user.click(within(dialog).getByTestId("add-theme"));
    await user.type(within(dialog).getAllByRole("combobox", { name: "Theme" })[0], "Child care");
    await user.click(within(dialog).getByTestId("add-quote"));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(within(dialog).getByText("Write each quote (or remove it).")).toBeInTheDocument();
    await user.type(within(dialog).getByRole("textbox", { name: "Quote" }), "Waitlists are a year long");
    await user.type(within(dialog).getByRole("textbox", { name: /Who said it/ }), "a grandmother");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(screen.queryByTestId("form-dialog")).not.toBeInTheDocument());
    const sent = memory.callsTo("createCommunityEvent")[0].args[1] as CommunityEventInput;
    expect(sent.participants).toBe(18);
    expect(sent.themes).toEqual([{ theme_id: null, name: "Child care", summary: "", quotes: [{ text: "Waitlists are a year long", attribution: "a grandmother" }] }]);
    expect(titles()).toEqual(["Listening session at the library"]);
    expect(screen.getByText(/Waitlists are a year long/)).toBeInTheDocument();
  });

  it("sends each kept quote back with its id, so editing an event keeps its quotes", async () => {
    const { user, memory, initiative } = await open();
    const e = await memory.createCommunityEvent(
      initiative.id,
      input("Parents' night", "2025-01-10", { themes: [theme("Transportation", [{ text: "The bus never comes", attribution: "a parent" }])] }),
    );
    const quoteId = e.themes[0].quotes[0].id;
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-community"));
    await user.click(await screen.findByTestId("edit-event"));
    const dialog = await screen.findByTestId("form-dialog");
    const quote = within(dialog).getByRole("textbox", { name: "Quote" });
    await user.clear(quote);
    await user.type(quote, "The last bus is at six");
    await user.click(within(dialog).getByTestId("add-quote"));
    await user.type(within(dialog).getAllByRole("textbox", { name: "Quote" })[1], "No car, no job");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(screen.queryByTestId("form-dialog")).not.toBeInTheDocument());
    const sent = memory.callsTo("updateCommunityEvent")[0].args[1] as CommunityEventInput;
    expect(sent.themes[0].quotes).toEqual([
      { id: quoteId, text: "The last bus is at six", attribution: "a parent" },
      { text: "No car, no job", attribution: "" },
    ]);
    const saved = await memory.getCommunityEvent(e.id);
    expect(saved.themes[0].quotes[0].id).toBe(quoteId);
  });

  it("shows the store's refusal in the form (the event went to the trash meanwhile)", async () => {
    const { user, memory, initiative } = await open();
    const e = await memory.createCommunityEvent(initiative.id, input("Survey", "2025-01-01"));
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-community"));
    await user.click(await screen.findByTestId("edit-event"));
    const dialog = await screen.findByTestId("form-dialog");
    // The update fails in the store: the event went to the trash meanwhile.
    await memory.deleteItem("community_event", e.id);
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(dialog).toHaveTextContent(/No community event with id/));
  });

  it("records residents' reactions at a data walk's stations, Enter adding each", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    const walk = await memory.createCommunityEvent(initiative.id, input("Data walk at the rec center", "2025-03-01", { kind: "data_walk" }));
    await memory.addDataWalkStation(walk.id, { measure_id: measure.id, plain_title: "Kids reading well", question: "What do you notice?" });
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-community"));
    const station = await screen.findByTestId("station");
    expect(within(station).getByTestId("station-title")).toHaveTextContent("Kids reading well");

    await user.selectOptions(within(station).getByRole("combobox", { name: "Kind of reaction" }), "surprised");
    const text = within(station).getByRole("textbox", { name: /What they said/ });
    await user.type(text, "It dropped after 2020{Enter}");
    await waitFor(() => expect(within(screen.getByTestId("station")).getAllByTestId("reaction")).toHaveLength(1));
    expect(within(screen.getByTestId("station")).getByTestId("reaction")).toHaveTextContent("Surprised by: It dropped after 2020");
    expect(within(screen.getByTestId("station")).getByRole("textbox", { name: /What they said/ })).toHaveValue("");

    // Blank text is not sent.
    await user.type(within(screen.getByTestId("station")).getByRole("textbox", { name: /What they said/ }), "   {Enter}");
    expect(memory.callsTo("addDataWalkReaction")).toHaveLength(1);
    expect(screen.getByText("Type what they said first.")).toBeInTheDocument();

    const stored = await memory.getCommunityEvent(walk.id);
    expect(stored.stations[0].reactions).toEqual([expect.objectContaining({ kind: "surprised", reaction: "It dropped after 2020" })]);
  });

  it("edits a station's title and question, and orders the walk", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    const walk = await memory.createCommunityEvent(initiative.id, input("Data walk", "2025-03-01", { kind: "data_walk" }));
    await memory.addDataWalkStation(walk.id, { measure_id: measure.id, plain_title: "First chart", question: "" });
    await memory.addDataWalkStation(walk.id, { measure_id: measure.id, plain_title: "Second chart", question: "" });
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-community"));
    await waitFor(() => expect(screen.getAllByTestId("station")).toHaveLength(2));
    await user.click(screen.getByRole("button", { name: "Move Second chart earlier" }));
    await waitFor(() => expect(screen.getAllByTestId("station-title").map((t) => t.textContent)).toEqual(["Second chart", "First chart"]));

    await user.click(within(screen.getAllByTestId("station")[1]).getByTestId("edit-station-open"));
    const form = screen.getByTestId("edit-station");
    const title = within(form).getByRole("textbox", { name: "Plain-language title" });
    await user.clear(title);
    await user.click(within(form).getByTestId("save-station"));
    expect(within(form).getByText("Give the chart a title in plain words.")).toBeInTheDocument();
    expect(memory.callsTo("updateDataWalkStation")).toHaveLength(0);
    await user.type(title, "How many kids read well");
    await user.type(within(form).getByRole("textbox", { name: "Question for residents" }), "What surprises you?");
    await user.click(within(form).getByTestId("save-station"));
    await waitFor(() => expect(screen.queryByTestId("edit-station")).not.toBeInTheDocument());
    expect(screen.getAllByTestId("station-title").map((t) => t.textContent)).toEqual(["Second chart", "How many kids read well"]);
    expect(screen.getByTestId("station-question")).toHaveTextContent("What surprises you?");
    const stored = await memory.getCommunityEvent(walk.id);
    expect(stored.stations.map((x) => [x.plain_title, x.question])).toEqual([
      ["Second chart", ""],
      ["How many kids read well", "What surprises you?"],
    ]);
  });

  it("writes a data walk's pack where the user chooses", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    const walk = await memory.createCommunityEvent(initiative.id, input("Data walk", "2025-03-01", { kind: "data_walk" }));
    await memory.addDataWalkStation(walk.id, { measure_id: measure.id, plain_title: "Kids reading well", question: "" });
    memory.exportPath = "/home/user/walk.html";
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-community"));
    await user.click(await screen.findByTestId("export-data-walk"));
    await waitFor(() => expect(memory.callsTo("exportDataWalk")).toHaveLength(1));
    expect(memory.callsTo("exportDataWalk")[0].args).toEqual([walk.id, "/home/user/walk.html"]);
    expect(await screen.findByText("Wrote the data walk to /home/user/walk.html")).toBeInTheDocument();

    // Cancelling the dialog writes nothing.
    memory.exportPath = null;
    await user.click(screen.getByTestId("export-data-walk"));
    await waitFor(() => expect(memory.callsTo("chooseReportPath")).toHaveLength(2));
    expect(memory.callsTo("exportDataWalk")).toHaveLength(1);
  });

  it("adds a station to a data walk with its plain-language title", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    await memory.createCommunityEvent(initiative.id, input("Data walk", "2025-03-01", { kind: "data_walk" }));
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-community"));
    const form = await screen.findByTestId("add-station");
    await user.click(within(form).getByTestId("add-station-submit"));
    expect(within(form).getByText(/Choose the measure/)).toBeInTheDocument();
    await user.selectOptions(within(form).getByRole("combobox", { name: "Measure" }), measure.id);
    await user.type(within(form).getByRole("textbox", { name: "Plain-language title" }), "How many kids read well");
    await user.click(within(form).getByTestId("add-station-submit"));
    await waitFor(() => expect(screen.getAllByTestId("station")).toHaveLength(1));
    expect(screen.getByTestId("station-title")).toHaveTextContent("How many kids read well");
  });

  it("shows the store's field error at its field (a linked measure deleted meanwhile)", async () => {
    const { user, memory, measure } = await open();
    await user.click(await screen.findByTestId("add-event"));
    const dialog = await screen.findByTestId("form-dialog");
    await user.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Survey");
    await user.type(within(dialog).getByLabelText(/Date/), "2025-03-01");
    await user.click(await within(dialog).findByRole("checkbox", { name: measure.name }));
    await memory.deleteItem("measure", measure.id);
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    const links = within(dialog).getByTestId("event-links");
    expect(await within(links).findByText(/No measure with id/)).toBeInTheDocument();
    expect(screen.getByTestId("form-dialog")).toBeInTheDocument();
  });
});

describe("Where community input shows up", () => {
  it("shows on the Overview when each result was last heard about", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    await memory.createResult(initiative.id, { name: "Families are stable", description: "" });
    await memory.createCommunityEvent(initiative.id, input("Older session", "2024-10-01", { links: [{ target_kind: "measure", target_id: measure.id }] }));
    const latest = await memory.createCommunityEvent(initiative.id, input("Newer session", "2025-02-01", { links: [{ target_kind: "result", target_id: s.result.id }] }));
    await memory.createCommunityEvent(initiative.id, input("Deleted session", "2025-03-01", { links: [{ target_kind: "measure", target_id: measure.id }] }));
    const deleted = (await memory.listCommunityEvents(initiative.id))[0];
    await memory.deleteItem("community_event", deleted.id);
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-overview"));
    const box = await screen.findByTestId("last-heard");
    await waitFor(() => expect(within(box).getAllByTestId("last-heard-row")).toHaveLength(2));
    const [reading, families] = within(box).getAllByTestId("last-heard-row");
    expect(reading).toHaveTextContent(s.result.name);
    expect(within(reading).getByTestId("last-heard-event")).toHaveTextContent(`${latest.event_date}: ${latest.title}`);
    expect(families).toHaveTextContent("Families are stable");
    expect(within(families).getByTestId("last-heard-none")).toHaveTextContent("Not heard from yet");
  });

  it("lists the input linked to a measure on its detail", async () => {
    const s = await seeded();
    const { memory, initiative, measure } = s;
    await memory.createCommunityEvent(initiative.id, input("Parents' night", "2025-01-10", { themes: [theme("Transportation", [{ text: "No bus after 6", attribution: "" }])], links: [{ target_kind: "measure", target_id: measure.id }] }));
    await memory.createCommunityEvent(initiative.id, input("Unrelated", "2025-02-10"));
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-scorecard"));
    const row = await waitFor(() => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === measure.id)!);
    await user.click(row);
    const box = await screen.findByTestId("measure-community-input");
    await waitFor(() => expect(within(box).getAllByTestId("measure-community-input-event")).toHaveLength(1));
    expect(box).toHaveTextContent("Parents' night");
    expect(box).toHaveTextContent("No bus after 6");
    expect(box).not.toHaveTextContent("Unrelated");
  });
});
