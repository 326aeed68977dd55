/**
 * Comments and the user's name for the in-memory backend (component tests only), behaving
 * as the core does (src/store/comments.rs): the body is trimmed, non-blank and at most
 * 10,000 characters; the target must be live and belong to the initiative; a section only
 * for a worksheet, and required there; comments list oldest first with resolved ones
 * kept; deleted ones go to the trash. The author is the user's name (Settings) or, unset,
 * the system's user name.
 */
import type { Comment } from "../bindings/Comment";
import type { CommentCounts } from "../bindings/CommentCounts";
import type { CommentTarget } from "../bindings/CommentTarget";
import type { CommentTargetKind } from "../bindings/CommentTargetKind";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError } from "./index";

/** What the comments need of the memory backend. */
export interface CommentsHost {
  /**
   * The initiative of a live target; null when it does not exist or is in the trash;
   * undefined when this memory store cannot tell (worksheets and actions it was not told
   * about with `registerTarget`: then the comment is taken as the caller says).
   */
  targetInitiative(kind: CommentTargetKind, id: string): string | null | undefined;
  /** The measure of a live value (for the grid's counts); null otherwise. */
  valueMeasure(observationId: string): string | null;
  id(prefix: string): string;
  stamp(): string;
}

export const MAX_COMMENT_CHARS = 10_000;
/** The name comments are written under when none is set in Settings. */
export const SYSTEM_USER = "system-user";

const clone = <T>(x: T): T => structuredClone(x);

export class MemoryComments {
  private rows = new Map<string, { row: Comment; deleted_at: string | null }>();
  /** The user's name from Settings (null: unset). */
  authorName: string | null = null;

  /** Worksheets and actions tests made known: "kind:id" -> initiative id (null: trashed). */
  readonly targets = new Map<string, string | null>();

  constructor(private readonly host: CommentsHost) {}

  /** Makes a worksheet or action known (null: it is in the trash). */
  registerTarget(kind: CommentTargetKind, id: string, initiativeId: string | null): void {
    this.targets.set(`${kind}:${id}`, initiativeId);
  }

  private user(): string {
    return this.authorName ?? SYSTEM_USER;
  }

  getAuthorName(): string | null {
    return this.authorName;
  }

  setAuthorName(name: string): string | null {
    const t = name.trim();
    if ([...t].length > 100) throw apiError("invalid_input", "your name is longer than 100 characters", "name");
    this.authorName = t === "" ? null : t;
    return this.authorName;
  }

  private live(id: string): Comment {
    const s = this.rows.get(id);
    if (!s || s.deleted_at) throw apiError("not_found", `comment ${id} does not exist`);
    return s.row;
  }

  add(initiativeId: string, target: CommentTarget, body: string): Comment {
    const text = body.trim();
    if (!text) throw apiError("invalid_input", "Write something before posting", "body");
    const chars = [...text].length;
    if (chars > MAX_COMMENT_CHARS)
      throw apiError("invalid_input", `A comment can be at most ${MAX_COMMENT_CHARS} characters (this one has ${chars})`, "body");
    if (target.kind === "worksheet" && !target.section)
      throw apiError("invalid_input", "A comment on a worksheet belongs to one of its sections: say which", "section");
    if (target.kind !== "worksheet" && target.section)
      throw apiError("invalid_input", `Only worksheet comments have a section (this one is on a ${target.kind})`, "section");
    const known = this.host.targetInitiative(target.kind, target.id);
    const owner = known === undefined ? initiativeId : known;
    if (owner === null || target.id === "") {
      if (target.kind === "worksheet")
        throw apiError("invalid_input", "This worksheet has not been saved yet: save the worksheet first, then comment on it", "target");
      throw apiError("not_found", `${target.kind === "observation" ? "value" : target.kind} ${target.id} does not exist`);
    }
    if (owner !== initiativeId) throw apiError("invalid_input", `That ${target.kind} belongs to another initiative`, "target");
    const now = this.host.stamp();
    const row: Comment = {
      id: this.host.id("comment"),
      initiative_id: initiativeId,
      target_kind: target.kind,
      target_id: target.id,
      section: target.section,
      body: text,
      author: this.user(),
      created_at: now,
      updated_at: now,
      resolved_at: null,
      resolved_by: null,
    };
    this.rows.set(row.id, { row, deleted_at: null });
    return clone(row);
  }

  list(target: CommentTarget): Comment[] {
    return [...this.rows.values()]
      .filter((s) => !s.deleted_at && s.row.target_kind === target.kind && s.row.target_id === target.id)
      .filter((s) => !target.section || s.row.section === target.section)
      .map((s) => clone(s.row))
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }

  resolve(id: string): Comment {
    const c = this.live(id);
    if (!c.resolved_at) {
      const now = this.host.stamp();
      Object.assign(c, { resolved_at: now, resolved_by: this.user(), updated_at: now });
    }
    return clone(c);
  }

  reopen(id: string): Comment {
    const c = this.live(id);
    if (c.resolved_at) Object.assign(c, { resolved_at: null, resolved_by: null, updated_at: this.host.stamp() });
    return clone(c);
  }

  counts(measureId: string): CommentCounts {
    const out: CommentCounts = { measure_id: measureId, open: 0, resolved: 0, values: [] };
    const byValue = new Map<string, { open: number; resolved: number }>();
    for (const { row, deleted_at } of this.rows.values()) {
      if (deleted_at) continue;
      const key = row.resolved_at ? "resolved" : "open";
      if (row.target_kind === "measure" && row.target_id === measureId) out[key] += 1;
      if (row.target_kind === "observation" && this.host.valueMeasure(row.target_id) === measureId) {
        const c = byValue.get(row.target_id) ?? { open: 0, resolved: 0 };
        c[key] += 1;
        byValue.set(row.target_id, c);
      }
    }
    out.values = [...byValue].sort(([a], [b]) => a.localeCompare(b)).map(([observation_id, c]) => ({ observation_id, ...c }));
    return out;
  }

  /** Whether `id` is a comment this store knows (live or in the trash). */
  has(id: string): boolean {
    return this.rows.has(id);
  }

  delete(id: string, now: string): void {
    this.live(id);
    this.rows.get(id)!.deleted_at = now;
  }

  restore(id: string): void {
    const s = this.rows.get(id);
    if (!s || !s.deleted_at) throw apiError("not_found", `No comment with id ${id} in the trash.`);
    if (this.host.targetInitiative(s.row.target_kind, s.row.target_id) === null)
      throw apiError("conflict", "This comment is on something that is in the trash; restore that first");
    s.deleted_at = null;
  }

  trash(initiativeId: string | null): TrashItem[] {
    return [...this.rows.values()]
      .filter((s) => s.deleted_at && (initiativeId === null || s.row.initiative_id === initiativeId))
      .map((s) => ({
        kind: "comment" as const,
        id: s.row.id,
        name: `Comment by ${s.row.author}: ${s.row.body.slice(0, 60)}`,
        deleted_at: s.deleted_at!,
        initiative_id: s.row.initiative_id,
      }));
  }
}
