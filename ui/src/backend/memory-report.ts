/**
 * The meeting report and the data-walk pack in the in-memory backend (component tests
 * only). Nothing is drawn here: an export checks what the core checks (the initiative is
 * live, the meeting is the initiative's, the event exists, a path was given) and answers a
 * small description of the file, as the core would; each export is kept in `written`.
 */
import type { Paper } from "../bindings/Paper";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReportSummary } from "../bindings/ReportSummary";
import { apiError } from "./index";

/** What the report store needs from the rest of the memory backend (each throws as the core does). */
export interface ReportDeps {
  initiativeName: (id: string) => string;
  meeting: (id: string) => { initiative_id: string; title: string };
  eventTitle: (id: string) => string;
}

/** One export a test can look at. */
export interface WrittenReport {
  kind: "report" | "data_walk";
  targetId: string;
  meetingId: string | null;
  format: ReportFormat;
  paper: Paper | null;
  path: string;
}

export class MemoryReports {
  written: WrittenReport[] = [];

  constructor(private deps: ReportDeps) {}

  private checkPath(path: string) {
    if (!path.trim()) throw apiError("invalid_input", "Choose a file to write", "path");
  }

  export(initiativeId: string, meetingId: string | null, format: ReportFormat, paper: Paper, path: string): ReportSummary {
    const name = this.deps.initiativeName(initiativeId);
    let title = `${name} report`;
    if (meetingId !== null) {
      const m = this.deps.meeting(meetingId);
      if (m.initiative_id !== initiativeId) {
        throw apiError("invalid_input", `The meeting "${m.title}" belongs to another initiative than "${name}"`, "meeting");
      }
      title = m.title;
    }
    this.checkPath(path);
    this.written.push({ kind: "report", targetId: initiativeId, meetingId, format, paper: format === "pdf" ? paper : null, path });
    return { path, title, format, bytes: format === "pdf" ? 250_000 : 80_000 };
  }

  exportDataWalk(eventId: string, path: string): ReportSummary {
    const title = `Data walk: ${this.deps.eventTitle(eventId)}`;
    this.checkPath(path);
    this.written.push({ kind: "data_walk", targetId: eventId, meetingId: null, format: "html", paper: null, path });
    return { path, title, format: "html", bytes: 40_000 };
  }
}
