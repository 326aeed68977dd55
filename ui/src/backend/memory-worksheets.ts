/**
 * Turn the Curve worksheets for the in-memory backend (component tests only), behaving as
 * the core does (src/store/worksheets.rs, src/worksheet.rs): a measure without one has an
 * empty worksheet (revision 0); a save checks the input (factor and idea texts non-blank,
 * texts at most 20,000 characters, partners of the measure's initiative, no duplicates),
 * renumbers the factors' ranks 1..n, and creates a revision only when something changed;
 * every revision is kept whole; the diff compares text line by line and lists item by item.
 * The partners are kept here (not as partner roles of memory-contributions.ts).
 */
import type { ChangeKind } from "../bindings/ChangeKind";
import type { DiffItem } from "../bindings/DiffItem";
import type { DiffLine } from "../bindings/DiffLine";
import type { Factor } from "../bindings/Factor";
import type { Idea } from "../bindings/Idea";
import type { RevisionAction } from "../bindings/RevisionAction";
import type { RevisionDiff } from "../bindings/RevisionDiff";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { SectionDiff } from "../bindings/SectionDiff";
import type { Worksheet } from "../bindings/Worksheet";
import type { WorksheetInput } from "../bindings/WorksheetInput";
import type { WorksheetPartner } from "../bindings/WorksheetPartner";
import type { WorksheetRevision } from "../bindings/WorksheetRevision";
import { apiError } from "./index";

/** What the worksheets need of the memory backend. */
export interface WorksheetsHost {
  /** A live measure's name and initiative; undefined when there is none. */
  measure(id: string): { name: string; initiative_id: string } | undefined;
  /** A partner (live or in the trash); undefined when there is none. */
  partner(id: string): { name: string; initiative_id: string; deleted: boolean } | undefined;
  /** When a live value of the measure was last entered or changed. */
  latestValueAt(measureId: string): string | null;
  /** The live actions linked to the measure. */
  actions(measureId: string): RevisionAction[];
  author(): string;
  id(prefix: string): string;
  stamp(): string;
}

export const MAX_TEXT = 20_000;
export const MAX_ITEM_TEXT = 2_000;

const clone = <T>(x: T): T => structuredClone(x);

interface Stored {
  worksheet: Worksheet;
  revisions: WorksheetRevision[];
}

export class MemoryWorksheets {
  private rows = new Map<string, Stored>();

  constructor(private readonly host: WorksheetsHost) {}

  private measure(measureId: string) {
    const m = this.host.measure(measureId);
    if (!m) throw apiError("not_found", `measure ${measureId} does not exist`);
    return m;
  }

  get(measureId: string): Worksheet {
    const m = this.measure(measureId);
    const latest = this.host.latestValueAt(measureId);
    const stored = this.rows.get(measureId);
    if (!stored) {
      return {
        id: "", initiative_id: m.initiative_id, measure_id: measureId, measure_name: m.name,
        how_doing: "", story: "", factors: [], partners: [], ideas: [], action_plan: "",
        revision: 0, updated_by: "", updated_at: null, latest_value_at: latest, stale: false,
      };
    }
    const w = clone(stored.worksheet);
    w.measure_name = m.name;
    w.partners = w.partners.map((p) => {
      const live = this.host.partner(p.partner_id);
      return { ...p, partner_name: live?.name ?? p.partner_name, former: !live || live.deleted };
    });
    w.latest_value_at = latest;
    w.stale = latest !== null && w.updated_at !== null && latest > w.updated_at;
    return w;
  }

  save(measureId: string, input: WorksheetInput): Worksheet {
    const m = this.measure(measureId);
    const current = this.get(measureId);
    for (const key of ["how_doing", "story", "action_plan"] as const) {
      if (input[key].trim().length > MAX_TEXT) throw apiError("invalid_input", `This text is longer than ${MAX_TEXT} characters.`, key);
    }
    const itemText = (text: string, field: string, what: string) => {
      const t = text.trim();
      if (!t) throw apiError("invalid_input", `${what} needs some words`, field);
      if (t.length > MAX_ITEM_TEXT) throw apiError("invalid_input", `${what} is longer than ${MAX_ITEM_TEXT} characters`, field);
      return t;
    };
    const factors: Factor[] = input.factors
      .map((f, i) => ({ ...f, id: f.id || this.host.id("factor"), text: itemText(f.text, `factors.${i}.text`, "A factor") }))
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.rank - b.f.rank || a.i - b.i)
      .map(({ f }, i) => ({ ...f, rank: i + 1 }));
    const ideas: Idea[] = input.ideas.map((idea, i) => ({ ...idea, id: idea.id || this.host.id("idea"), text: itemText(idea.text, `ideas.${i}.text`, "An idea") }));
    const seen = new Set<string>();
    const partners: WorksheetPartner[] = input.partners.map((p, i) => {
      const field = `partners.${i}.partner_id`;
      if (seen.has(p.partner_id)) throw apiError("invalid_input", "that partner is already on the worksheet", field);
      seen.add(p.partner_id);
      const known = current.partners.find((c) => c.partner_id === p.partner_id);
      const partner = this.host.partner(p.partner_id);
      if (!known && (!partner || partner.deleted)) throw apiError("invalid_input", `No partner with id ${p.partner_id} exists`, field);
      if (!known && partner!.initiative_id !== m.initiative_id) throw apiError("invalid_input", "That partner belongs to another initiative", field);
      return { partner_id: p.partner_id, partner_name: partner?.name ?? known!.partner_name, tier: p.tier, role: p.role.trim(), former: known?.former ?? false };
    });
    partners.sort((a, b) => Number(a.former) - Number(b.former) || a.partner_name.localeCompare(b.partner_name));
    const next = { how_doing: input.how_doing.trim(), story: input.story.trim(), action_plan: input.action_plan.trim(), factors, ideas, partners };
    if (current.revision > 0 && sameContent(current, next)) return current;
    const t = this.host.stamp();
    const author = this.host.author();
    const revision = current.revision + 1;
    const worksheet: Worksheet = {
      ...current,
      ...clone(next),
      id: current.id || this.host.id("worksheet"),
      revision,
      updated_by: author,
      updated_at: t,
    };
    const stored = this.rows.get(measureId) ?? { worksheet, revisions: [] };
    stored.worksheet = worksheet;
    stored.revisions.push({ revision, author, saved_at: t, ...clone(next), actions: this.host.actions(measureId) });
    this.rows.set(measureId, stored);
    return this.get(measureId);
  }

  private all(measureId: string): WorksheetRevision[] {
    this.measure(measureId);
    return this.rows.get(measureId)?.revisions ?? [];
  }

  revisions(measureId: string): RevisionInfo[] {
    const all = this.all(measureId);
    return all.map((r, i) => info(i > 0 ? all[i - 1] : null, r)).reverse();
  }

  revision(measureId: string, n: number): WorksheetRevision {
    const r = this.all(measureId).find((x) => x.revision === n);
    if (!r) throw apiError("not_found", `worksheet revision ${n} does not exist`);
    return clone(r);
  }

  diff(measureId: string, from: number, to: number): RevisionDiff {
    const all = this.all(measureId);
    const find = (n: number, field: string) => {
      const i = all.findIndex((r) => r.revision === n);
      if (i < 0) throw apiError("invalid_input", `the worksheet has no revision ${n}`, field);
      return i;
    };
    const a = find(from, "from");
    const b = find(to, "to");
    return {
      from: info(a > 0 ? all[a - 1] : null, all[a]),
      to: info(b > 0 ? all[b - 1] : null, all[b]),
      sections: diffRevisions(all[a], all[b]),
    };
  }
}

type Content = Pick<Worksheet, "how_doing" | "story" | "action_plan" | "factors" | "ideas" | "partners">;

function sameContent(a: Content, b: Content): boolean {
  const key = (c: Content) =>
    JSON.stringify([
      c.how_doing, c.story, c.action_plan,
      c.factors.map((f) => [f.kind, f.text, f.rank]),
      c.ideas.map((i) => [i.source, i.text, i.low_cost, i.no_cost, i.needs_research]),
      c.partners.map((p) => [p.partner_id, p.tier, p.role]).sort(),
    ]);
  return key(a) === key(b);
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const lines = (t: string) => t.split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "");
  const a = lines(before);
  const b = lines(after);
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: "kept", text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: "removed", text: a[i++] });
    else out.push({ kind: "added", text: b[j++] });
  }
  for (; i < a.length; i++) out.push({ kind: "removed", text: a[i] });
  for (; j < b.length; j++) out.push({ kind: "added", text: b[j] });
  return out;
}

export function listDiff(before: [string, string][], after: [string, string][]): DiffItem[] {
  const out: DiffItem[] = [];
  const find = (list: [string, string][], id: string) => list.findIndex(([k]) => k === id);
  let nextBefore = 0;
  for (const [id, words] of after) {
    const at = find(before, id);
    if (at < 0) {
      out.push({ kind: "added", before: null, after: words });
      continue;
    }
    for (const [k, w] of before.slice(Math.min(nextBefore, at), at)) if (find(after, k) < 0) out.push({ kind: "removed", before: w, after: null });
    nextBefore = Math.max(nextBefore, at + 1);
    const kind: ChangeKind = before[at][1] === words ? "kept" : "changed";
    out.push({ kind, before: before[at][1], after: words });
  }
  for (const [k, w] of before.slice(nextBefore)) if (find(after, k) < 0) out.push({ kind: "removed", before: w, after: null });
  return out;
}

const TIER_WORDS = { strategic: " (strategic)", mid_tier: " (mid-tier)" } as const;

const SECTIONS: [string, string][] = [
  ["how_doing", "How are we doing"],
  ["story", "Story behind the curve"],
  ["factors", "Factors"],
  ["partners", "Partners with a role to play"],
  ["ideas", "What works"],
  ["action_plan", "Action plan"],
  ["actions", "Actions"],
];

const SUMMARY_WORDS: Record<string, string> = {
  how_doing: "how we are doing", story: "story", factors: "factors", partners: "partners",
  ideas: "what works", action_plan: "action plan", actions: "actions",
};

export function diffRevisions(from: WorksheetRevision, to: WorksheetRevision): SectionDiff[] {
  const factors = (r: WorksheetRevision): [string, string][] => r.factors.map((f) => [f.id, `#${f.rank} ${f.kind}: ${f.text}`]);
  const partners = (r: WorksheetRevision): [string, string][] =>
    r.partners.map((p) => {
      const head = `${p.partner_name}${p.tier ? TIER_WORDS[p.tier] : ""}${p.former ? " [former partner]" : ""}`;
      return [p.partner_id, p.role.trim() ? `${head}: ${p.role}` : head];
    });
  const ideas = (r: WorksheetRevision): [string, string][] =>
    r.ideas.map((i) => {
      const tags: string[] = [i.source];
      if (i.no_cost) tags.push("no cost");
      if (i.low_cost) tags.push("low cost");
      if (i.needs_research) tags.push("needs research");
      return [i.id, `${i.text} (${tags.join("; ")})`];
    });
  const actions = (r: WorksheetRevision): [string, string][] => r.actions.map((a) => [a.id, `${a.title} (${a.status.replace("_", " ")})`]);
  return SECTIONS.map(([key, title]) => {
    let lines: DiffLine[] = [];
    let items: DiffItem[] = [];
    if (key === "how_doing" || key === "story" || key === "action_plan") lines = lineDiff(from[key], to[key]);
    else if (key === "factors") items = listDiff(factors(from), factors(to));
    else if (key === "partners") items = listDiff(partners(from), partners(to));
    else if (key === "ideas") items = listDiff(ideas(from), ideas(to));
    else items = listDiff(actions(from), actions(to));
    const changed = lines.some((l) => l.kind !== "kept") || items.some((i) => i.kind !== "kept");
    return { section: key, title, changed, lines, items };
  });
}

function info(previous: WorksheetRevision | null, r: WorksheetRevision): RevisionInfo {
  let summary = "first version";
  if (previous) {
    const changed = diffRevisions(previous, r).filter((s) => s.changed).map((s) => SUMMARY_WORDS[s.section]);
    summary = changed.length === 0 ? "no changes" : `${changed.join(", ")} changed`;
  }
  return { revision: r.revision, author: r.author, saved_at: r.saved_at, summary };
}
