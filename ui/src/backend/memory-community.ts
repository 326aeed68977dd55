/**
 * Community input for the in-memory backend (component tests only), behaving as the core
 * does (src/store/community.rs): a title is trimmed and non-blank, the date a real
 * `YYYY-MM-DD` day, participants never negative (each error names the field); links and
 * groups must be live and of the same initiative. Themes are shared by an initiative's
 * events, unique by trimmed name in any case; a theme named twice in one event is refused.
 * Events come newest first; a measure and its worksheet count as one subject in
 * `eventsFor`. Only a data walk has stations; reactions need words.
 */
import type { CommunityEvent } from "../bindings/CommunityEvent";
import type { CommunityEventInput } from "../bindings/CommunityEventInput";
import type { CommunityLink } from "../bindings/CommunityLink";
import type { CommunityTarget } from "../bindings/CommunityTarget";
import type { CommunityTheme } from "../bindings/CommunityTheme";
import type { EventGroup } from "../bindings/EventGroup";
import type { LastHeard } from "../bindings/LastHeard";
import type { MoveDirection } from "../bindings/MoveDirection";
import type { ReactionInput } from "../bindings/ReactionInput";
import type { StationInput } from "../bindings/StationInput";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError } from "./index";
import { isIsoDate } from "./memory-actions";

/** What community input needs of the memory backend. */
export interface CommunityHost {
  /** Throws not_found unless the initiative is live. */
  requireInitiative(id: string): void;
  /** A live target with its name, the initiative it belongs to and the results it serves. */
  target(kind: CommunityTarget, id: string): { name: string; initiative_id: string; result_ids: string[]; measure_id: string | null } | undefined;
  /** Every live target of an initiative, in the core's order. */
  targets(initiativeId: string): CommunityLink[];
  /** A live group with its dimension. */
  group(id: string): (EventGroup & { initiative_id: string }) | undefined;
  /** An initiative's live results, in order. */
  results(initiativeId: string): { id: string; name: string }[];
  id(prefix: string): string;
  stamp(): string;
}

const MAX_NAME = 300;
const MAX_TEXT = 20_000;
const MAX_SAYING = 2_000;
const KIND_ORDER: Record<CommunityTarget, number> = { result: 0, measure: 1, worksheet: 2, action: 3 };

const clone = <T>(x: T): T => structuredClone(x);
const invalid = (field: string, message: string) => apiError("invalid_input", message, field);

interface Row {
  event: CommunityEvent;
  group_ids: string[];
  links: { target_kind: CommunityTarget; target_id: string }[];
  deleted_at: string | null;
}

/** Themes as the core lists them: by name with ASCII case folded (SQLite's NOCASE), then id. */
function byThemeName(a: string, aId: string, b: string, bId: string): number {
  const fold = (n: string) => n.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return order(fold(a), fold(b)) || order(aId, bId);
}

export class MemoryCommunity {
  private rows = new Map<string, Row>();
  private themeRows = new Map<string, { id: string; initiative_id: string; name: string }>();

  constructor(private readonly host: CommunityHost) {}

  private live(id: string): Row {
    const r = this.rows.get(id);
    if (!r || r.deleted_at) throw apiError("not_found", `No community event with id ${id}.`);
    return r;
  }

  private findTheme(initiativeId: string, name: string) {
    const want = name.trim().toLowerCase();
    return [...this.themeRows.values()].find((t) => t.initiative_id === initiativeId && t.name.trim().toLowerCase() === want);
  }

  private check(initiativeId: string, input: CommunityEventInput) {
    const title = input.title.trim();
    if (!title) throw invalid("title", "The event's title cannot be empty");
    if (title.length > MAX_NAME) throw invalid("title", `The event's title is longer than ${MAX_NAME} characters`);
    const date = input.event_date.trim();
    if (!date) throw invalid("event_date", "When was it? Give the date");
    if (!isIsoDate(date)) throw invalid("event_date", `"${date}" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31`);
    if (input.participants !== null && input.participants < 0) throw invalid("participants", "How many took part cannot be negative");
    if (input.place.trim().length > MAX_NAME) throw invalid("place", `The place is longer than ${MAX_NAME} characters`);
    if (input.communities.trim().length > MAX_TEXT) throw invalid("communities", `This text is longer than ${MAX_TEXT} characters`);
    if (input.summary.trim().length > MAX_TEXT) throw invalid("summary", `This text is longer than ${MAX_TEXT} characters`);
    for (const g of input.group_ids) {
      if (this.host.group(g)?.initiative_id !== initiativeId) throw invalid("groups", `No group with id ${g} exists in this initiative`);
    }
    const seen = new Set<string>();
    for (const t of input.themes) {
      let key: string;
      if (t.theme_id !== null) {
        const row = this.themeRows.get(t.theme_id);
        if (!row || row.initiative_id !== initiativeId) throw invalid("themes", `No theme with id ${t.theme_id} exists`);
        key = row.id;
      } else {
        if (!t.name.trim()) throw invalid("themes", "The theme needs a name");
        key = this.findTheme(initiativeId, t.name)?.id ?? t.name.trim().toLowerCase();
      }
      if (seen.has(key)) throw invalid("themes", `The theme "${t.name.trim()}" is listed twice`);
      seen.add(key);
      for (const q of t.quotes) {
        if (!q.text.trim()) throw invalid("quotes", "The quote cannot be empty");
        if (q.text.trim().length > MAX_SAYING) throw invalid("quotes", `The quote is longer than ${MAX_SAYING} characters`);
      }
    }
    for (const l of input.links) {
      const t = this.host.target(l.target_kind, l.target_id);
      if (!t) throw invalid("links", `No ${l.target_kind} with id ${l.target_id} exists`);
      if (t.initiative_id !== initiativeId) throw invalid("links", `That ${l.target_kind} belongs to another initiative`);
    }
    return { title, date };
  }

  private write(row: Row, input: CommunityEventInput, title: string, date: string) {
    const e = row.event;
    Object.assign(e, {
      kind: input.kind,
      title,
      event_date: date,
      place: input.place.trim(),
      participants: input.participants,
      communities: input.communities.trim(),
      summary: input.summary.trim(),
      updated_at: this.host.stamp(),
    });
    row.group_ids = [...new Set(input.group_ids)];
    row.links = input.links.map((l) => ({ target_kind: l.target_kind, target_id: l.target_id }));
    e.themes = input.themes.map((t) => {
      let theme = t.theme_id !== null ? this.themeRows.get(t.theme_id)! : this.findTheme(e.initiative_id, t.name);
      if (!theme) {
        theme = { id: this.host.id("theme"), initiative_id: e.initiative_id, name: t.name.trim() };
        this.themeRows.set(theme.id, theme);
      }
      return {
        theme_id: theme.id,
        name: theme.name,
        summary: t.summary.trim(),
        quotes: t.quotes.map((q) => ({ id: q.id ?? this.host.id("quote"), text: q.text.trim(), attribution: q.attribution.trim() })),
      };
    });
    e.themes.sort((a, b) => byThemeName(a.name, a.theme_id, b.name, b.theme_id));
  }

  /** The event as the core returns it: live groups and links only, with their names. */
  private view(row: Row): CommunityEvent {
    const e = clone(row.event);
    e.groups = row.group_ids.flatMap((g) => {
      const group = this.host.group(g);
      return group ? [{ group_id: group.group_id, name: group.name, dimension_name: group.dimension_name }] : [];
    });
    e.links = row.links
      .flatMap((l) => {
        const t = this.host.target(l.target_kind, l.target_id);
        return t ? [{ target_kind: l.target_kind, target_id: l.target_id, name: t.name }] : [];
      })
      .sort((a, b) => KIND_ORDER[a.target_kind] - KIND_ORDER[b.target_kind] || a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    return e;
  }

  private liveRows(): Row[] {
    return [...this.rows.values()]
      .filter((r) => !r.deleted_at)
      .sort((a, b) => b.event.event_date.localeCompare(a.event.event_date) || b.event.created_at.localeCompare(a.event.created_at));
  }

  list(initiativeId: string): CommunityEvent[] {
    this.host.requireInitiative(initiativeId);
    return this.liveRows().filter((r) => r.event.initiative_id === initiativeId).map((r) => this.view(r));
  }

  get(id: string): CommunityEvent {
    return this.view(this.live(id));
  }

  eventsFor(kind: CommunityTarget, targetId: string): CommunityEvent[] {
    const same = (l: { target_kind: CommunityTarget; target_id: string }) => {
      if (l.target_kind === kind && l.target_id === targetId) return true;
      if (kind === "worksheet" && l.target_kind === "measure") return this.host.target("worksheet", targetId)?.measure_id === l.target_id;
      if (kind === "measure" && l.target_kind === "worksheet") return this.host.target("worksheet", l.target_id)?.measure_id === targetId;
      return false;
    };
    return this.liveRows().filter((r) => r.links.some(same)).map((r) => this.view(r));
  }

  create(initiativeId: string, input: CommunityEventInput): CommunityEvent {
    this.host.requireInitiative(initiativeId);
    const { title, date } = this.check(initiativeId, input);
    const now = this.host.stamp();
    const row: Row = {
      event: {
        id: this.host.id("event"),
        initiative_id: initiativeId,
        kind: input.kind,
        title,
        event_date: date,
        place: "",
        participants: null,
        communities: "",
        groups: [],
        summary: "",
        themes: [],
        links: [],
        stations: [],
        created_at: now,
        updated_at: now,
      },
      group_ids: [],
      links: [],
      deleted_at: null,
    };
    this.write(row, input, title, date);
    this.rows.set(row.event.id, row);
    return this.view(row);
  }

  update(id: string, input: CommunityEventInput): CommunityEvent {
    const row = this.live(id);
    const { title, date } = this.check(row.event.initiative_id, input);
    this.write(row, input, title, date);
    return this.view(row);
  }

  themes(initiativeId: string): CommunityTheme[] {
    this.host.requireInitiative(initiativeId);
    return [...this.themeRows.values()]
      .filter((t) => t.initiative_id === initiativeId)
      .map((t) => ({
        id: t.id,
        name: t.name,
        description: "",
        events: this.liveRows().filter((r) => r.event.themes.some((h) => h.theme_id === t.id)).length,
      }))
      .sort((a, b) => byThemeName(a.name, a.id, b.name, b.id));
  }

  targets(initiativeId: string): CommunityLink[] {
    this.host.requireInitiative(initiativeId);
    return this.host.targets(initiativeId);
  }

  lastHeard(initiativeId: string): LastHeard[] {
    this.host.requireInitiative(initiativeId);
    const events = this.liveRows().filter((r) => r.event.initiative_id === initiativeId);
    return this.host.results(initiativeId).map((res) => {
      const hit = events.find((r) => r.links.some((l) => this.host.target(l.target_kind, l.target_id)?.result_ids.includes(res.id)));
      return {
        result_id: res.id,
        result_name: res.name,
        event: hit ? { id: hit.event.id, title: hit.event.title, event_date: hit.event.event_date } : null,
      };
    });
  }

  private station(id: string) {
    for (const r of this.rows.values()) {
      if (r.deleted_at) continue;
      const i = r.event.stations.findIndex((s) => s.id === id);
      if (i >= 0) return { row: r, index: i };
    }
    throw apiError("not_found", `No data-walk station with id ${id}.`);
  }

  private checkStation(initiativeId: string, input: StationInput) {
    const m = this.host.target("measure", input.measure_id);
    if (!m) throw invalid("measure_id", `No measure with id ${input.measure_id} exists`);
    if (m.initiative_id !== initiativeId) throw invalid("measure_id", "That measure belongs to another initiative");
    const title = input.plain_title.trim();
    if (!title) throw invalid("plain_title", "The station's plain-language title cannot be empty");
    if (title.length > MAX_NAME) throw invalid("plain_title", `The station's plain-language title is longer than ${MAX_NAME} characters`);
    if (input.question.trim().length > MAX_SAYING) throw invalid("question", `The question is longer than ${MAX_SAYING} characters`);
    return { measure_id: input.measure_id, measure_name: m.name, plain_title: title, question: input.question.trim() };
  }

  addStation(eventId: string, input: StationInput): CommunityEvent {
    const row = this.live(eventId);
    if (row.event.kind !== "data_walk") throw invalid("kind", "Only a data walk has stations: make the event a data walk first");
    const s = this.checkStation(row.event.initiative_id, input);
    row.event.stations.push({ id: this.host.id("station"), ...s, reactions: [] });
    return this.view(row);
  }

  updateStation(id: string, input: StationInput): CommunityEvent {
    const { row, index } = this.station(id);
    Object.assign(row.event.stations[index], this.checkStation(row.event.initiative_id, input));
    return this.view(row);
  }

  moveStation(id: string, direction: MoveDirection): CommunityEvent {
    const { row, index } = this.station(id);
    const other = direction === "up" ? index - 1 : index + 1;
    const list = row.event.stations;
    if (other >= 0 && other < list.length) [list[index], list[other]] = [list[other], list[index]];
    return this.view(row);
  }

  removeStation(id: string): CommunityEvent {
    const { row, index } = this.station(id);
    row.event.stations.splice(index, 1);
    return this.view(row);
  }

  addReaction(stationId: string, input: ReactionInput): CommunityEvent {
    const { row, index } = this.station(stationId);
    const text = input.reaction.trim();
    if (!text) throw invalid("reaction", "The reaction cannot be empty");
    if (text.length > MAX_SAYING) throw invalid("reaction", `The reaction is longer than ${MAX_SAYING} characters`);
    row.event.stations[index].reactions.push({ id: this.host.id("reaction"), kind: input.kind, reaction: text });
    return this.view(row);
  }

  removeReaction(id: string): CommunityEvent {
    for (const row of this.rows.values()) {
      if (row.deleted_at) continue;
      for (const s of row.event.stations) {
        const i = s.reactions.findIndex((r) => r.id === id);
        if (i >= 0) {
          s.reactions.splice(i, 1);
          return this.view(row);
        }
      }
    }
    throw apiError("not_found", `No reaction with id ${id}.`);
  }

  delete(id: string, stamp: string): void {
    this.live(id).deleted_at = stamp;
  }

  restore(id: string): void {
    const r = this.rows.get(id);
    if (!r || !r.deleted_at) throw apiError("not_found", `No community event with id ${id} in the trash.`);
    r.deleted_at = null;
  }

  trash(initiativeId: string | null): TrashItem[] {
    return [...this.rows.values()]
      .filter((r) => r.deleted_at && (initiativeId === null || r.event.initiative_id === initiativeId))
      .map((r) => ({
        kind: "community_event",
        id: r.event.id,
        name: `${r.event.title} (${r.event.event_date})`,
        deleted_at: r.deleted_at!,
        initiative_id: r.event.initiative_id,
      }));
  }
}
