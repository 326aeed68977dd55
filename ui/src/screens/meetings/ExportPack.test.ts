import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp, seeded } from "../../test-utils";

beforeEach(() => localStorage.clear());

describe("Export report… and Export meeting pack…", () => {
  it("exports the initiative's report from the Overview as a Letter PDF", async () => {
    const s = await seeded();
    s.memory.exportPath = "/home/user/eastside-promise-report.pdf";
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(await screen.findByTestId("export-report"));
    const dialog = await screen.findByTestId("export-report-dialog");
    expect(within(dialog).getByLabelText("PDF")).toBeChecked();
    await user.selectOptions(within(dialog).getByLabelText("Paper"), "letter");
    await user.click(within(dialog).getByTestId("export-report-save"));

    expect(await screen.findByText("Exported the report as a PDF (Letter) to /home/user/eastside-promise-report.pdf")).toBeInTheDocument();
    expect(s.memory.callsTo("chooseReportPath")[0].args).toEqual(["eastside-promise-report.pdf", "pdf"]);
    expect(s.memory.reports.written).toEqual([
      { kind: "report", targetId: s.initiative.id, meetingId: null, format: "pdf", paper: "letter", path: "/home/user/eastside-promise-report.pdf" },
    ]);
    expect(screen.queryByTestId("export-report-dialog")).not.toBeInTheDocument();
  });

  it("writes nothing when the save dialog is cancelled, and HTML asks no paper", async () => {
    const s = await seeded();
    s.memory.exportPath = null;
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-overview"));
    await user.click(await screen.findByTestId("export-report"));
    const dialog = await screen.findByTestId("export-report-dialog");
    await user.click(within(dialog).getByLabelText(/Web page/));
    expect(within(dialog).queryByLabelText("Paper")).not.toBeInTheDocument();
    await user.click(within(dialog).getByTestId("export-report-save"));
    await waitFor(() => expect(s.memory.callsTo("chooseReportPath")).toHaveLength(1));
    expect(s.memory.callsTo("chooseReportPath")[0].args).toEqual(["eastside-promise-report.html", "html"]);
    expect(s.memory.callsTo("exportReport")).toHaveLength(0);
    expect(screen.getByTestId("export-report-dialog")).toBeInTheDocument();

    s.memory.exportPath = "/tmp/report.html";
    await user.click(within(dialog).getByTestId("export-report-save"));
    expect(await screen.findByText("Exported the report as a web page to /tmp/report.html")).toBeInTheDocument();
    expect(s.memory.reports.written.map((w) => [w.format, w.paper])).toEqual([["html", null]]);
  });

  it("exports a meeting's pack from its record", async () => {
    const s = await seeded();
    const meeting = await s.memory.createMeeting(s.initiative.id, {
      title: "Spring partner meeting",
      meeting_date: "2025-04-14",
      place: "Library",
      agenda: [{ kind: "measure_curve", target_id: s.measure.id, title: "" }],
      attendees: [],
    });
    s.memory.exportPath = "/tmp/pack.html";
    const user = userEvent.setup();
    await renderApp(s.memory);
    await user.click(screen.getByTestId("nav-meetings"));
    const row = await screen.findByTestId("meeting-row");
    await user.click(within(row).getByRole("button"));
    await user.click(await screen.findByTestId("export-pack"));
    const dialog = await screen.findByTestId("export-report-dialog");
    await user.click(within(dialog).getByLabelText(/Web page/));
    await user.click(within(dialog).getByTestId("export-report-save"));

    expect(await screen.findByText("Exported the meeting pack as a web page to /tmp/pack.html")).toBeInTheDocument();
    expect(s.memory.callsTo("chooseReportPath")[0].args).toEqual(["spring-partner-meeting-2025-04-14.html", "html"]);
    expect(s.memory.reports.written).toEqual([
      { kind: "report", targetId: s.initiative.id, meetingId: meeting.id, format: "html", paper: null, path: "/tmp/pack.html" },
    ]);
  });

  it("the memory backend refuses a meeting of another initiative, as the core does", async () => {
    const s = await seeded();
    const other = await s.memory.createInitiative({
      name: "Other",
      shared_result: "",
      geography: "",
      sectoral_home: "nonprofit",
      backbone_org: "",
      equity_statement: "",
    });
    expect(other.id).not.toBe(s.initiative.id);
    const meeting = await s.memory.createMeeting(s.initiative.id, {
      title: "Spring",
      meeting_date: "2025-04-14",
      place: "",
      agenda: [],
      attendees: [],
    });
    await expect(s.memory.exportReport(other.id, meeting.id, "pdf", "a4", "/tmp/x.pdf")).rejects.toMatchObject({ code: "invalid_input", field: "meeting" });
  });
});
