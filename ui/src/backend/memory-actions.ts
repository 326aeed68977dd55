/**
 * Actions for the in-memory backend (component tests only), behaving as the core does
 * (src/store/actions.rs): a title is trimmed, non-blank and at most 300 characters; dates
 * are real `YYYY-MM-DD` days (the error names the field) with the due date not before
 * the start; the owner partner and the links must be live and of the same initiative.
 * Overdue: due before today (the backend's clock) and neither done nor dropped. A new
 * status (an edit or a status update) is logged, dated today, under the user's name. A
 * partner owning live actions is deleted only through `deletePartnerWithActions`.
 */
import type { Action } from "../bindings/Action";
import type { ActionFilter } from "../bindings/ActionFilter";
import type { ActionInput } from "../bindings/ActionInput";
import type { ActionLink } from "../bindings/ActionLink";
import type { ActionStatus } from "../bindings/ActionStatus";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { OwnedActions } from "../bindings/OwnedActions";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError } from "./index";

/** What the actions need of the memory backend. */
export interface ActionsHost {
  /** Throws not_found unless the initiative is live. */
  requireInitiative(id: string): void;
  /** A partner, live or in the trash (`deleted`); undefined when there is none. */
  partner(id: string): { name: string; initiative_id: string; deleted: boolean } | undefined;
  /** A live measure, result or program; undefined when missing or in the trash. */
  target(kind: LinkTarget, id: string): { name: string; initiative_id: string } | undefined;
  /** Moves a partner to the trash. */
  trashPartner(id: string): void;
  /** The user's name (Settings, or the system's). */
  author(): string;
  id(prefix: string): string;
  stamp(): string;
}

interface Row {
  id: string;
  initiative_id: string;
  title: string;
  description: string;
  owner_partner_id: string | null;
  owner_person: string;
  former_owner: string;
  start_date: string | null;
  due_date: string | null;
  status: ActionStatus;
  links: { target_kind: LinkTarget; target_id: string }[];
  updates: Action["updates"];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const MAX_TITLE = 300;
const STATUSES: ActionStatus[] = ["not_started", "on_track", "at_risk", "done", "dropped"];
const KIND_ORDER: Record<LinkTarget, number> = { result: 0, measure: 1, program: 2 };

const clone = <T>(x: T): T => structuredClone(x);

/** A real day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export const isClosed = (s: ActionStatus) => s === "done" || s === "dropped";

export class MemoryActions {
  private rows = new Map<string, Row>();

  constructor(
    private readonly host: ActionsHost,
    /** Today, `YYYY-MM-DD`, from the backend's clock. */
    private readonly today: () => string,
  ) {}

  private date(field: string, label: string, value: string | null): string | null {
    const t = (value ?? "").trim();
    if (!t) return null;
    if (!isIsoDate(t))
      throw apiError("invalid_input", `The ${label} "${t}" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31`, field);
    return t;
  }

  private check(initiativeId: string, input: ActionInput, keepOwner: string | null = null) {
    const title = input.title.trim();
    if (!title) throw apiError("invalid_input", "The action needs a title", "title");
    if ([...title].length > MAX_TITLE)
      throw apiError("invalid_input", `The action's title is longer than ${MAX_TITLE} characters`, "title");
    if (!STATUSES.includes(input.status)) throw apiError("invalid_input", `"${input.status}" is not a status`, "status");
    const start_date = this.date("start_date", "start date", input.start_date);
    const due_date = this.date("due_date", "due date", input.due_date);
    if (start_date && due_date && due_date < start_date)
      throw apiError("invalid_input", `The due date (${due_date}) is before the start date (${start_date})`, "due_date");
    const owner = input.owner_partner_id;
    if (owner && owner !== keepOwner) {
      const p = this.host.partner(owner);
      if (!p || p.deleted) throw apiError("invalid_input", `No partner with id ${owner} exists`, "owner_partner_id");
      if (p.initiative_id !== initiativeId)
        throw apiError("invalid_input", "That partner belongs to another initiative", "owner_partner_id");
    }
    for (const l of input.links) {
      const t = this.host.target(l.target_kind, l.target_id);
      if (!t) throw apiError("invalid_input", `No ${l.target_kind} with id ${l.target_id} exists`, "links");
      if (t.initiative_id !== initiativeId)
        throw apiError("invalid_input", `That ${l.target_kind} belongs to another initiative`, "links");
    }
    const links: Row["links"] = [];
    for (const l of input.links)
      if (!links.some((x) => x.target_kind === l.target_kind && x.target_id === l.target_id))
        links.push({ target_kind: l.target_kind, target_id: l.target_id });
    return { title, description: input.description.trim(), owner_person: input.owner_person.trim(), start_date, due_date, links };
  }

  private live(id: string): Row {
    const r = this.rows.get(id);
    if (!r || r.deleted_at) throw apiError("not_found", `action ${id} does not exist`);
    return r;
  }

  private view(r: Row): Action {
    const p = r.owner_partner_id ? this.host.partner(r.owner_partner_id) : undefined;
    const [owner_partner_name, owner_is_former] = p
      ? [p.name, p.deleted]
      : r.former_owner
        ? [r.former_owner, true]
        : [null, false];
    const links: ActionLink[] = [];
    for (const l of r.links) {
      const t = this.host.target(l.target_kind, l.target_id);
      if (t) links.push({ ...l, name: t.name });
    }
    links.sort((a, b) => KIND_ORDER[a.target_kind] - KIND_ORDER[b.target_kind] || a.name.localeCompare(b.name));
    const updates = [...r.updates].reverse().sort((a, b) => b.update_date.localeCompare(a.update_date));
    return clone({
      id: r.id,
      initiative_id: r.initiative_id,
      title: r.title,
      description: r.description,
      owner_partner_id: r.owner_partner_id,
      owner_partner_name,
      owner_is_former,
      owner_person: r.owner_person,
      start_date: r.start_date,
      due_date: r.due_date,
      status: r.status,
      links,
      updates,
      overdue: r.due_date !== null && !isClosed(r.status) && r.due_date < this.today(),
      created_at: r.created_at,
      updated_at: r.updated_at,
    });
  }

  private sorted(rows: Row[]): Action[] {
    return rows
      .map((r) => this.view(r))
      .sort(
        (a, b) =>
          Number(a.due_date === null) - Number(b.due_date === null) ||
          (a.due_date ?? "").localeCompare(b.due_date ?? "") ||
          a.title.localeCompare(b.title),
      );
  }

  private log(r: Row, status: ActionStatus, comment: string) {
    r.updates.push({ id: this.host.id("update"), update_date: this.today(), status, comment, author: this.host.author() });
  }

  list(initiativeId: string, filter: ActionFilter): Action[] {
    this.host.requireInitiative(initiativeId);
    const rows = [...this.rows.values()].filter(
      (r) =>
        !r.deleted_at &&
        r.initiative_id === initiativeId &&
        (!filter.partner_id || r.owner_partner_id === filter.partner_id) &&
        (!filter.measure_id || r.links.some((l) => l.target_kind === "measure" && l.target_id === filter.measure_id)) &&
        (filter.include_closed || !isClosed(r.status)),
    );
    return this.sorted(rows).filter((a) => !filter.overdue || a.overdue);
  }

  get(id: string): Action {
    return this.view(this.live(id));
  }

  actionsFor(kind: LinkTarget, targetId: string): Action[] {
    return this.sorted(
      [...this.rows.values()].filter((r) => !r.deleted_at && r.links.some((l) => l.target_kind === kind && l.target_id === targetId)),
    );
  }

  create(initiativeId: string, input: ActionInput): Action {
    this.host.requireInitiative(initiativeId);
    const c = this.check(initiativeId, input);
    const t = this.host.stamp();
    const row: Row = {
      id: this.host.id("action"),
      initiative_id: initiativeId,
      ...c,
      owner_partner_id: input.owner_partner_id,
      former_owner: "",
      status: input.status,
      updates: [],
      created_at: t,
      updated_at: t,
      deleted_at: null,
    };
    this.rows.set(row.id, row);
    return this.view(row);
  }

  update(id: string, input: ActionInput): Action {
    const r = this.live(id);
    const c = this.check(r.initiative_id, input, r.owner_partner_id);
    const oldStatus = r.status;
    if (input.owner_partner_id !== r.owner_partner_id) r.former_owner = "";
    Object.assign(r, c, { owner_partner_id: input.owner_partner_id, status: input.status, updated_at: this.host.stamp() });
    if (input.status !== oldStatus) this.log(r, input.status, "");
    return this.view(r);
  }

  addUpdate(actionId: string, status: ActionStatus, comment: string): Action {
    const r = this.live(actionId);
    if (!STATUSES.includes(status)) throw apiError("invalid_input", `"${status}" is not a status`, "status");
    this.log(r, status, comment.trim());
    r.status = status;
    r.updated_at = this.host.stamp();
    return this.view(r);
  }

  /** How many live actions a partner owns. */
  ownedCount(partnerId: string): number {
    return [...this.rows.values()].filter((r) => !r.deleted_at && r.owner_partner_id === partnerId).length;
  }

  deletePartnerWithActions(partnerId: string, owned: OwnedActions): void {
    const p = this.host.partner(partnerId);
    if (!p || p.deleted) throw apiError("not_found", `partner ${partnerId} does not exist`);
    const mine = [...this.rows.values()].filter((r) => !r.deleted_at && r.owner_partner_id === partnerId);
    if (owned.kind === "reassign") {
      const to = owned.partner_id;
      if (to === partnerId) throw apiError("invalid_input", "Choose another partner to take over the actions", "partner_id");
      const q = this.host.partner(to);
      if (!q || q.deleted) throw apiError("invalid_input", `No partner with id ${to} exists`, "partner_id");
      if (q.initiative_id !== p.initiative_id)
        throw apiError("invalid_input", "That partner belongs to another initiative", "partner_id");
      for (const r of mine) {
        r.owner_partner_id = to;
        r.former_owner = "";
        r.updated_at = this.host.stamp();
        this.log(r, r.status, `Reassigned from ${p.name} to ${q.name} (${p.name} was deleted)`);
      }
    } else {
      for (const r of mine) r.former_owner = p.name;
    }
    this.host.trashPartner(partnerId);
  }

  /** The initiative of a live action; null when it is missing or in the trash. */
  initiativeOf(id: string): string | null {
    const r = this.rows.get(id);
    return r && !r.deleted_at ? r.initiative_id : null;
  }

  delete(id: string, stamp: string): void {
    this.live(id).deleted_at = stamp;
  }

  restore(id: string): void {
    const r = this.rows.get(id);
    if (!r || !r.deleted_at) throw apiError("not_found", `action ${id} in the trash does not exist`);
    r.deleted_at = null;
  }

  trash(initiativeId: string | null): TrashItem[] {
    return [...this.rows.values()]
      .filter((r) => r.deleted_at && (initiativeId === null || r.initiative_id === initiativeId))
      .map((r) => ({ kind: "action", id: r.id, name: r.title, deleted_at: r.deleted_at as string, initiative_id: r.initiative_id }));
  }
}
