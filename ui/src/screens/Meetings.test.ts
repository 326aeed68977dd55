import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { MeetingInput } from "../bindings/MeetingInput";
import { setBackend } from "../backend";
import { renderApp, seeded } from "../test-utils";
import Audience from "./meetings/present/Audience.svelte";

async function openMeetings() {
  const s = await seeded();
  const user = userEvent.setup();
  await renderApp(s.memory);
  await user.click(screen.getByTestId("nav-meetings"));
  await screen.findByTestId("meetings");
  return { ...s, user };
}

function planned(measureId: string, partnerId: string): MeetingInput {
  return {
    title: "March partners",
    meeting_date: "2025-03-20",
    place: "Library",
    agenda: [
      { kind: "text", target_id: null, title: "Welcome, partners" },
      { kind: "measure_curve", target_id: measureId, title: "" },
      { kind: "worksheet", target_id: measureId, title: "Our worksheet" },
      { kind: "rollup", target_id: null, title: "" },
    ],
    attendees: [{ partner_id: partnerId, partner_name: "", people: "Dana" }],
  };
}

const counter = () => screen.getByTestId("slide-counter").textContent;

describe("Meetings", () => {
  it("builds an agenda from the default one: add, reorder and remove slides, then keeps it", async () => {
    const { user, memory, measure, result } = await openMeetings();
    expect(screen.getByTestId("no-meetings")).toBeInTheDocument();
    await user.click(screen.getByTestId("new-meeting"));
    const builder = await screen.findByTestId("agenda-builder");
    // The default agenda: roll-up, the result's scorecard, equity, open actions.
    let slides = within(builder).getAllByTestId("agenda-slide");
    expect(slides.map((s) => s.querySelector(".kind")?.textContent)).toEqual([
      "1. Roll-up strip",
      "2. A result's scorecard",
      "3. Equity summary",
      "4. Actions",
    ]);
    // Add a measure's curve (the first measure is picked), move it up twice, drop equity.
    await user.selectOptions(within(builder).getByLabelText("New slide"), "measure_curve");
    await user.click(screen.getByTestId("agenda-add"));
    await user.click(screen.getByRole("button", { name: "Move slide 5 up" }));
    await user.click(screen.getByRole("button", { name: "Move slide 4 up" }));
    await user.click(screen.getByRole("button", { name: "Remove slide 4" }));
    slides = within(builder).getAllByTestId("agenda-slide");
    expect(slides).toHaveLength(4);
    await user.click(screen.getByTestId("meeting-save"));

    await screen.findByTestId("meeting-record");
    const [, input] = memory.calls.find((c) => c.method === "createMeeting")!.args as [string, MeetingInput];
    expect(input.agenda.map((a) => [a.kind, a.target_id])).toEqual([
      ["rollup", null],
      ["result_scorecard", result.id],
      ["measure_curve", measure.id],
      ["actions", null],
    ]);
    const agenda = screen.getByTestId("record-agenda");
    expect(within(agenda).getAllByRole("listitem")[2]).toHaveTextContent("A measure's curve: Third-grade reading proficiency");
    // Back on the list, it is upcoming.
    await user.click(screen.getByRole("button", { name: "← All meetings" }));
    expect(await screen.findByTestId("meetings-upcoming")).toHaveTextContent("Partner meeting");
  });

  it("shows a refused agenda's error on its slide and keeps the form", async () => {
    const { user } = await openMeetings();
    await user.click(screen.getByTestId("new-meeting"));
    const builder = await screen.findByTestId("agenda-builder");
    await user.selectOptions(within(builder).getByLabelText("New slide"), "text");
    await user.click(screen.getByTestId("agenda-add"));
    await user.click(screen.getByTestId("meeting-save"));
    expect(await screen.findByTestId("meeting-form-error")).toHaveTextContent("Slide 5 is a title slide: it needs its words");
    expect(screen.getByTestId("meeting-form")).toBeInTheDocument();
  });

  it("pages through the slides full screen with the keyboard and leaves with Escape", async () => {
    const { user, memory, initiative, measure, partner } = await openMeetings();
    await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-meetings"));
    await user.click(await screen.findByText("March partners"));
    await user.click(await screen.findByTestId("start-meeting"));

    const mode = await screen.findByTestId("meeting-mode");
    expect(counter()).toBe("1 / 4");
    expect(screen.getByTestId("slide-heading")).toHaveTextContent("Welcome, partners");
    await user.keyboard("{ArrowRight}");
    expect(counter()).toBe("2 / 4");
    expect(await screen.findByTestId("slide-chart")).toBeInTheDocument();
    await user.keyboard("{PageDown}");
    expect(counter()).toBe("3 / 4");
    expect(screen.getByTestId("slide-heading")).toHaveTextContent("Our worksheet");
    await user.keyboard("[Space]");
    expect(counter()).toBe("4 / 4");
    await user.keyboard("{ArrowRight}");
    expect(counter()).toBe("4 / 4");
    await user.keyboard("{Shift>}[Space]{/Shift}");
    expect(counter()).toBe("3 / 4");
    await user.keyboard("{PageUp}{ArrowLeft}");
    expect(counter()).toBe("1 / 4");
    await user.keyboard("{End}");
    expect(counter()).toBe("4 / 4");
    await user.keyboard("{Home}");
    expect(counter()).toBe("1 / 4");
    // The theme toggles and is remembered.
    expect(mode).toHaveAttribute("data-theme", "dark");
    await user.click(screen.getByTestId("toggle-theme"));
    expect(mode).toHaveAttribute("data-theme", "light");
    expect(localStorage.getItem("backbone.meetingTheme")).toBe("light");

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("meeting-mode")).not.toBeInTheDocument();
    expect(await screen.findByTestId("record-status")).toHaveTextContent("In progress");
  });

  it("captures an action on a slide, finishes, and shows the record with the action filed", async () => {
    const { user, memory, initiative, measure, partner } = await openMeetings();
    await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-meetings"));
    await user.click(await screen.findByText("March partners"));
    await user.click(await screen.findByTestId("start-meeting"));
    await screen.findByTestId("meeting-mode");
    await user.keyboard("{ArrowRight}");

    // The pane is not drawn until asked for (N), and never inside the slide area.
    expect(screen.queryByTestId("capture-pane")).not.toBeInTheDocument();
    await user.keyboard("n");
    const pane = await screen.findByTestId("capture-pane");
    expect(within(screen.getByTestId("slide-area")).queryByTestId("capture-pane")).toBeNull();
    await user.selectOptions(within(pane).getByTestId("capture-kind"), "action");
    // The measure is preset from the slide.
    expect(within(pane).getByTestId("capture-measure")).toHaveValue(measure.id);
    await user.type(within(pane).getByTestId("capture-text"), "Call every family");
    await user.selectOptions(within(pane).getByTestId("capture-owner"), partner.id);
    await user.type(within(pane).getByTestId("capture-due"), "2025-04-30");
    // Typing in the pane does not turn the slides; Escape there only leaves the field.
    expect(counter()).toBe("2 / 4");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("meeting-mode")).toBeInTheDocument();
    await user.click(within(pane).getByTestId("capture-save"));
    expect(await within(pane).findByText(/Call every family/)).toBeInTheDocument();
    await user.selectOptions(within(pane).getByTestId("capture-kind"), "note");
    await user.type(within(pane).getByTestId("capture-text"), "Attendance is up");
    await user.click(within(pane).getByTestId("capture-save"));
    await within(pane).findByText(/Attendance is up/);

    await user.click(screen.getByTestId("finish-meeting"));
    const confirm = await screen.findByTestId("finish-confirm");
    expect(confirm).toHaveTextContent("New action: Call every family");
    expect(confirm).not.toHaveTextContent("Attendance is up");
    await user.click(within(confirm).getByTestId("finish-confirm-yes"));

    const record = await screen.findByTestId("meeting-record");
    expect(screen.queryByTestId("meeting-mode")).not.toBeInTheDocument();
    expect(within(record).getByTestId("record-status")).toHaveTextContent("Finished");
    expect(within(record).getByTestId("record-actions")).toHaveTextContent("Call every family");
    expect(within(record).getByTestId("record-captured")).toHaveTextContent("Attendance is up");
    expect(within(record).queryByTestId("start-meeting")).toBeNull();
    const actions = await memory.actionsFor("measure", measure.id);
    expect(actions.map((a) => [a.title, a.owner_partner_id, a.due_date])).toEqual([["Call every family", partner.id, "2025-04-30"]]);
    expect(actions[0].description).toBe("From the meeting March partners on 2025-03-20");

    // The action's link opens it on the Actions board.
    await user.click(within(record).getByRole("button", { name: "Call every family" }));
    await screen.findByTestId("actions-board");
    await waitFor(() => expect(screen.getAllByText("Call every family").length).toBeGreaterThan(0));
  });

  it("prepares the next meeting from a finished one: same agenda and partners, planned", async () => {
    const { user, memory, initiative, measure, partner } = await openMeetings();
    const m = await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    await memory.finishMeeting(m.id);
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-meetings"));
    await user.click(await screen.findByText("March partners"));
    await screen.findByTestId("meeting-record");
    await user.type(screen.getByLabelText("Date of the next meeting"), "2025-04-17");
    await user.click(screen.getByTestId("prepare-next"));
    await waitFor(() => expect(screen.getByTestId("record-status")).toHaveTextContent("Planned"));
    expect(screen.getByTestId("meeting-record")).toHaveTextContent("17 Apr 2025");
    expect(within(screen.getByTestId("record-agenda")).getAllByRole("listitem")).toHaveLength(4);
    expect(screen.getByTestId("record-attendees")).toHaveTextContent("Eastside Library");
    const list = await memory.listMeetings(initiative.id);
    expect(list.map((x) => [x.meeting_date, x.status, x.prepared_from])).toEqual([
      ["2025-04-17", "planned", m.id],
      ["2025-03-20", "finished", null],
    ]);
  });

  it("with a second screen: the slides go to an audience window, the presenter keeps the pane and the next slide", async () => {
    localStorage.removeItem("backbone.meetingTheme");
    const { user, memory, initiative, measure, partner } = await openMeetings();
    memory.screenCount = 2;
    const meeting = await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-meetings"));
    await user.click(await screen.findByText("March partners"));
    await user.click(await screen.findByTestId("start-meeting"));
    const mode = await screen.findByTestId("meeting-mode");

    await waitFor(() => expect(mode).toHaveAttribute("data-presenter", "true"));
    expect(memory.callsTo("openAudienceWindow").map((c) => c.args)).toEqual([[meeting.id, 0, "dark"]]);
    // The pane is always there; N does not hide it, and there is no toggle.
    expect(screen.getByTestId("capture-pane")).toBeInTheDocument();
    expect(screen.queryByTestId("toggle-capture")).toBeNull();
    await user.keyboard("n");
    expect(screen.getByTestId("capture-pane")).toBeInTheDocument();
    expect(screen.getByTestId("next-slide")).toHaveTextContent("Next: A measure's curve");
    // The audience follows the slide and the theme.
    await user.keyboard("{ArrowRight}");
    await waitFor(() => expect(memory.callsTo("showSlide").at(-1)?.args).toEqual([1, "dark"]));
    expect(screen.getByTestId("next-slide")).toHaveTextContent("Next: Our worksheet");
    await user.click(screen.getByTestId("toggle-theme"));
    await waitFor(() => expect(memory.callsTo("showSlide").at(-1)?.args).toEqual([1, "light"]));

    // The audience window closed by the user: back to one screen, N toggles the pane.
    memory.closeAudience();
    await waitFor(() => expect(mode).not.toHaveAttribute("data-presenter"));
    expect(screen.queryByTestId("capture-pane")).toBeNull();
    await user.keyboard("n");
    expect(await screen.findByTestId("capture-pane")).toBeInTheDocument();
    expect(screen.queryByTestId("next-slide")).toBeNull();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("meeting-mode")).not.toBeInTheDocument();
  });

  it("with a second screen: leaving meeting mode closes the audience window", async () => {
    const { user, memory, initiative, measure, partner } = await openMeetings();
    memory.screenCount = 2;
    await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-meetings"));
    await user.click(await screen.findByText("March partners"));
    await user.click(await screen.findByTestId("start-meeting"));
    const mode = await screen.findByTestId("meeting-mode");
    await waitFor(() => expect(mode).toHaveAttribute("data-presenter", "true"));
    expect(memory.audienceOpen).toBe(true);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("meeting-mode")).not.toBeInTheDocument();
    expect(memory.callsTo("closeAudienceWindow")).toHaveLength(1);
    expect(memory.audienceOpen).toBe(false);
  });

  it("with one screen: no audience window, and N toggles the pane", async () => {
    const { user, memory, initiative, measure, partner } = await openMeetings();
    await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(screen.getByTestId("nav-meetings"));
    await user.click(await screen.findByText("March partners"));
    await user.click(await screen.findByTestId("start-meeting"));
    const mode = await screen.findByTestId("meeting-mode");
    await waitFor(() => expect(memory.callsTo("screens")).toHaveLength(1));
    expect(memory.callsTo("openAudienceWindow")).toHaveLength(0);
    expect(mode).not.toHaveAttribute("data-presenter");
    expect(screen.queryByTestId("capture-pane")).toBeNull();
    await user.keyboard("n");
    expect(await screen.findByTestId("capture-pane")).toBeInTheDocument();
    await user.keyboard("n");
    expect(screen.queryByTestId("capture-pane")).toBeNull();
  });

  it("the audience view shows only the slide and follows the presenter's slide and theme", async () => {
    const { memory, initiative, measure, partner } = await seeded();
    const meeting = await memory.createMeeting(initiative.id, planned(measure.id, partner.id));
    setBackend(memory);
    render(Audience, { props: { meetingId: meeting.id, slide: 0, theme: "dark" } });
    const view = await screen.findByTestId("audience-view");
    expect(await screen.findByTestId("slide-heading")).toHaveTextContent("Welcome, partners");
    expect(view).toHaveAttribute("data-theme", "dark");
    expect(screen.queryByTestId("capture-pane")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.queryByTestId("slide-counter")).toBeNull();

    await memory.showSlide(2, "light");
    await waitFor(() => expect(screen.getByTestId("slide-heading")).toHaveTextContent("Our worksheet"));
    expect(view).toHaveAttribute("data-theme", "light");
  });
});
