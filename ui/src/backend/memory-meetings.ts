/**
 * Partner meetings for the in-memory backend, behaving as the core (`src/store/meetings.rs`):
 * agenda targets checked per slide kind, captures only until the meeting is finished,
 * finishing files each action and idea (through the host's actions and worksheets) and
 * cannot happen twice, "prepare next meeting" copies the agenda and the partners.
 */
import type { ActionInput } from "../bindings/ActionInput";
import type { AgendaItem } from "../bindings/AgendaItem";
import type { Attendee } from "../bindings/Attendee";
import type { CaptureInput } from "../bindings/CaptureInput";
import type { Idea } from "../bindings/Idea";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { Meeting } from "../bindings/Meeting";
import type { MeetingInput } from "../bindings/MeetingInput";
import type { MeetingItem } from "../bindings/MeetingItem";
import type { SlideKind } from "../bindings/SlideKind";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError } from "./index";
import { isIsoDate } from "./memory-actions";

type Named = { name: string; initiative_id: string } | undefined;

export interface MeetingsHost {
  requireInitiative(id: string): void;
  /** A live partner, result, measure or program. */
  target(kind: "partner" | LinkTarget, id: string): Named;
  /** The live results of an initiative, in order. */
  results(initiativeId: string): { id: string; name: string }[];
  createAction(initiativeId: string, input: ActionInput): string;
  /** Adds the idea to the measure's worksheet; returns the worksheet's id. */
  addIdea(measureId: string, idea: Idea): string;
  author(): string;
  id(prefix: string): string;
  stamp(): string;
}

interface Row {
  meeting: Meeting;
  deleted_at: string | null;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const MEASURE_SLIDES: SlideKind[] = ["measure_curve", "measure_by_group", "worksheet"];

export class MemoryMeetings {
  private rows = new Map<string, Row>();

  constructor(private readonly host: MeetingsHost) {}

  private live(id: string): Row {
    const r = this.rows.get(id);
    if (!r || r.deleted_at) throw apiError("not_found", `No meeting with id ${id}.`);
    return r;
  }

  private open(r: Row) {
    if (r.meeting.status === "finished")
      throw apiError("conflict", "This meeting is finished: its record can be corrected, but nothing more can be captured or planned in it");
  }

  private inInitiative(kind: "partner" | LinkTarget, id: string, iid: string, field: string) {
    const t = this.host.target(kind, id);
    if (!t) throw apiError("invalid_input", `No ${kind} with id ${id} exists`, field);
    if (t.initiative_id !== iid) throw apiError("invalid_input", `That ${kind} belongs to another initiative`, field);
    return t;
  }

  private actionsTarget(iid: string, id: string): LinkTarget | null {
    for (const kind of ["measure", "result", "program"] as LinkTarget[]) {
      const t = this.host.target(kind, id);
      if (t && t.initiative_id === iid) return kind;
    }
    return null;
  }

  private agenda(iid: string, agenda: AgendaItem[]): AgendaItem[] {
    return agenda.map((a, i) => {
      const title = a.title.trim();
      const target = a.target_id?.trim() || null;
      const field = `agenda.${i}.target_id`;
      if (a.kind === "text") {
        if (!title) throw apiError("invalid_input", `Slide ${i + 1} is a title slide: it needs its words`, `agenda.${i}.title`);
        return { kind: a.kind, target_id: null, title };
      }
      if (a.kind === "actions") {
        if (target && !this.actionsTarget(iid, target))
          throw apiError("invalid_input", `Slide ${i + 1}: no measure, result or program ${target} in this initiative`, field);
        return { kind: a.kind, target_id: target, title };
      }
      const kind = a.kind === "result_scorecard" ? "result" : MEASURE_SLIDES.includes(a.kind) ? "measure" : null;
      if (kind === null) return { kind: a.kind, target_id: null, title };
      if (!target) throw apiError("invalid_input", `Slide ${i + 1} needs its ${kind}`, field);
      this.inInitiative(kind, target, iid, field);
      return { kind: a.kind, target_id: target, title };
    });
  }

  private attendees(iid: string, list: Attendee[]): Attendee[] {
    const out: Attendee[] = [];
    list.forEach((a, i) => {
      const people = a.people.trim();
      if (a.partner_id) {
        const p = this.inInitiative("partner", a.partner_id, iid, `attendees.${i}.partner_id`);
        if (!out.some((o) => o.partner_id === a.partner_id)) out.push({ partner_id: a.partner_id, partner_name: p.name, people });
      } else if (a.partner_name.trim() || people) {
        out.push({ partner_id: null, partner_name: a.partner_name.trim(), people });
      }
    });
    return out;
  }

  private checkInput(iid: string, input: MeetingInput) {
    const title = input.title.trim();
    if (!title) throw apiError("invalid_input", "The meeting needs a name", "title");
    const date = input.meeting_date.trim();
    if (!isIsoDate(date))
      throw apiError("invalid_input", date ? `The meeting's date "${date}" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31` : "The meeting's date is needed", "meeting_date");
    return { title, meeting_date: date, place: input.place.trim(), agenda: this.agenda(iid, input.agenda), attendees: this.attendees(iid, input.attendees) };
  }

  list(initiativeId: string): Meeting[] {
    this.host.requireInitiative(initiativeId);
    return [...this.rows.values()]
      .filter((r) => !r.deleted_at && r.meeting.initiative_id === initiativeId)
      .map((r) => r.meeting)
      .sort((a, b) => b.meeting_date.localeCompare(a.meeting_date))
      .map(clone);
  }

  get(id: string): Meeting {
    return clone(this.live(id).meeting);
  }

  defaultAgenda(initiativeId: string): AgendaItem[] {
    this.host.requireInitiative(initiativeId);
    return [
      { kind: "rollup", target_id: null, title: "Where we stand" },
      ...this.host.results(initiativeId).map((r) => ({ kind: "result_scorecard" as const, target_id: r.id, title: r.name })),
      { kind: "equity", target_id: null, title: "Who is being left behind" },
      { kind: "actions", target_id: null, title: "Open actions" },
    ];
  }

  create(initiativeId: string, input: MeetingInput, preparedFrom: string | null = null): Meeting {
    this.host.requireInitiative(initiativeId);
    const c = this.checkInput(initiativeId, input);
    const meeting: Meeting = {
      id: this.host.id("meeting"),
      initiative_id: initiativeId,
      ...c,
      status: "planned",
      notes: "",
      decisions: "",
      items: [],
      prepared_from: preparedFrom,
      started_at: null,
      finished_at: null,
      finished_by: null,
    };
    this.rows.set(meeting.id, { meeting, deleted_at: null });
    return clone(meeting);
  }

  update(id: string, input: MeetingInput): Meeting {
    const r = this.live(id);
    this.open(r);
    Object.assign(r.meeting, this.checkInput(r.meeting.initiative_id, input));
    return clone(r.meeting);
  }

  start(id: string): Meeting {
    const r = this.live(id);
    this.open(r);
    if (r.meeting.status === "planned") {
      r.meeting.status = "in_progress";
      r.meeting.started_at = this.host.stamp();
    }
    return clone(r.meeting);
  }

  private checkCapture(m: Meeting, input: CaptureInput): Omit<MeetingItem, "id" | "created_at" | "filed_kind" | "filed_id"> {
    const text = input.text.trim();
    if (!text) throw apiError("invalid_input", "Write what to capture", "text");
    if (input.agenda_index !== null && input.agenda_index >= m.agenda.length)
      throw apiError("invalid_input", `The agenda has no slide ${input.agenda_index + 1}`, "agenda_index");
    const out = { kind: input.kind, text, agenda_index: input.agenda_index, measure_id: null as string | null, owner_partner_id: null as string | null, owner_person: "", due_date: null as string | null, idea_source: null as MeetingItem["idea_source"] };
    if (input.kind === "action" || input.kind === "idea") {
      const slide = input.agenda_index !== null ? m.agenda[input.agenda_index] : undefined;
      const measure = input.measure_id || (slide && MEASURE_SLIDES.includes(slide.kind) ? slide.target_id : null);
      if (measure) this.inInitiative("measure", measure, m.initiative_id, "measure_id");
      out.measure_id = measure ?? null;
    }
    if (input.kind === "action") {
      if (input.owner_partner_id) {
        this.inInitiative("partner", input.owner_partner_id, m.initiative_id, "owner_partner_id");
        out.owner_partner_id = input.owner_partner_id;
      }
      out.owner_person = input.owner_person.trim();
      const due = input.due_date?.trim() || null;
      if (due && !isIsoDate(due)) throw apiError("invalid_input", `The due date "${due}" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31`, "due_date");
      out.due_date = due;
    }
    if (input.kind === "idea") {
      if (!out.measure_id) throw apiError("invalid_input", "An idea needs the measure whose worksheet it goes to", "measure_id");
      out.idea_source = input.idea_source ?? "partner";
    }
    return out;
  }

  capture(meetingId: string, input: CaptureInput): MeetingItem {
    const r = this.live(meetingId);
    this.open(r);
    const item: MeetingItem = { id: this.host.id("item"), ...this.checkCapture(r.meeting, input), filed_kind: null, filed_id: null, created_at: this.host.stamp() };
    r.meeting.items.push(item);
    return clone(item);
  }

  private itemRow(itemId: string): [Row, number] {
    for (const r of this.rows.values()) {
      const i = r.meeting.items.findIndex((x) => x.id === itemId);
      if (i >= 0 && !r.deleted_at) return [r, i];
    }
    throw apiError("not_found", `No captured item with id ${itemId}.`);
  }

  updateCapture(itemId: string, input: CaptureInput): MeetingItem {
    const [r, i] = this.itemRow(itemId);
    this.open(r);
    Object.assign(r.meeting.items[i], this.checkCapture(r.meeting, input));
    return clone(r.meeting.items[i]);
  }

  removeCapture(itemId: string): Meeting {
    const [r, i] = this.itemRow(itemId);
    this.open(r);
    r.meeting.items.splice(i, 1);
    return clone(r.meeting);
  }

  setRecord(id: string, notes: string, decisions: string, attendees: Attendee[]): Meeting {
    const r = this.live(id);
    const list = this.attendees(r.meeting.initiative_id, attendees);
    Object.assign(r.meeting, { notes: notes.trim(), decisions: decisions.trim(), attendees: list });
    return clone(r.meeting);
  }

  finish(id: string): Meeting {
    const r = this.live(id);
    const m = r.meeting;
    if (m.status === "finished") throw apiError("conflict", "This meeting is already finished");
    const filed: [MeetingItem, string, string][] = [];
    for (const item of m.items) {
      if (item.kind === "action") {
        let links: ActionInput["links"] = [];
        if (item.measure_id) links = [{ target_kind: "measure", target_id: item.measure_id }];
        else {
          const slide = item.agenda_index !== null ? m.agenda[item.agenda_index] : undefined;
          const kind = slide?.target_id ? this.actionsTarget(m.initiative_id, slide.target_id) : null;
          if (slide?.target_id && kind) links = [{ target_kind: kind, target_id: slide.target_id }];
        }
        const actionId = this.host.createAction(m.initiative_id, {
          title: item.text,
          description: `From the meeting ${m.title} on ${m.meeting_date}`,
          owner_partner_id: item.owner_partner_id,
          owner_person: item.owner_person,
          start_date: null,
          due_date: item.due_date,
          status: "not_started",
          links,
        });
        filed.push([item, "action", actionId]);
      } else if (item.kind === "idea" && item.measure_id) {
        const wid = this.host.addIdea(item.measure_id, { id: "", text: item.text, source: item.idea_source ?? "partner", low_cost: false, no_cost: false, needs_research: false });
        filed.push([item, "worksheet", wid]);
      }
    }
    for (const [item, kind, fid] of filed) Object.assign(item, { filed_kind: kind, filed_id: fid });
    const now = this.host.stamp();
    Object.assign(m, { status: "finished", started_at: m.started_at ?? now, finished_at: now, finished_by: this.host.author() });
    return clone(m);
  }

  prepareNext(id: string, date: string): Meeting {
    const from = this.live(id).meeting;
    const agenda = from.agenda.filter((a) => {
      if (!a.target_id) return true;
      if (a.kind === "actions") return this.actionsTarget(from.initiative_id, a.target_id) !== null;
      const kind = a.kind === "result_scorecard" ? "result" : "measure";
      return this.host.target(kind, a.target_id)?.initiative_id === from.initiative_id;
    });
    const attendees = from.attendees
      .filter((a) => a.partner_id && this.host.target("partner", a.partner_id))
      .map((a) => ({ partner_id: a.partner_id, partner_name: a.partner_name, people: "" }));
    return this.create(from.initiative_id, { title: from.title, meeting_date: date, place: from.place, agenda, attendees }, id);
  }

  delete(id: string, stamp: string): void {
    this.live(id).deleted_at = stamp;
  }

  restore(id: string): void {
    const r = this.rows.get(id);
    if (!r || !r.deleted_at) throw apiError("not_found", `No meeting with id ${id} in the trash.`);
    r.deleted_at = null;
  }

  trash(initiativeId: string | null): TrashItem[] {
    return [...this.rows.values()]
      .filter((r) => r.deleted_at && (initiativeId === null || r.meeting.initiative_id === initiativeId))
      .map((r) => ({ kind: "meeting", id: r.meeting.id, name: `${r.meeting.title} (${r.meeting.meeting_date})`, deleted_at: r.deleted_at as string, initiative_id: r.meeting.initiative_id }));
  }
}
