/**
 * An in-memory Backend for component tests (and nothing else). It behaves like the real
 * store where the UI can tell: the same validation errors (`invalid_input` with the input
 * field name), `not_found` for unknown ids, soft delete to the trash and restore, and an
 * all-or-nothing `saveObservations` whose errors name the row ("row 2 value") and, in the
 * message, the period. Imports, exports and backups: see memory-transfer.ts (files are
 * registered by tests; backups are snapshots of the in-memory store).
 */
import type { Action } from "../bindings/Action";
import type { ActionFilter } from "../bindings/ActionFilter";
import type { ActionInput } from "../bindings/ActionInput";
import type { ActionStatus } from "../bindings/ActionStatus";
import type { AppInfo } from "../bindings/AppInfo";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupKind } from "../bindings/BackupKind";
import type { ChartSize } from "../bindings/ChartSize";
import type { Comment } from "../bindings/Comment";
import type { CommentCounts } from "../bindings/CommentCounts";
import type { CommentTarget } from "../bindings/CommentTarget";
import type { CommentTargetKind } from "../bindings/CommentTargetKind";
import type { Dimension } from "../bindings/Dimension";
import type { EntityKind } from "../bindings/EntityKind";
import type { EquityFigures } from "../bindings/EquityFigures";
import type { EquitySummary } from "../bindings/EquitySummary";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportReport } from "../bindings/ExportReport";
import type { GapSeriesSet } from "../bindings/GapSeriesSet";
import type { GridRow } from "../bindings/GridRow";
import type { Group } from "../bindings/Group";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { Initiative } from "../bindings/Initiative";
import type { InitiativeInput } from "../bindings/InitiativeInput";
import type { Measure } from "../bindings/Measure";
import type { MeasureDimension } from "../bindings/MeasureDimension";
import type { MeasureInput } from "../bindings/MeasureInput";
import type { MeasureStat } from "../bindings/MeasureStat";
import type { MergeReport } from "../bindings/MergeReport";
import type { Paper } from "../bindings/Paper";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReportSummary } from "../bindings/ReportSummary";
import type { MoveDirection } from "../bindings/MoveDirection";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { Observation } from "../bindings/Observation";
import type { ObservationEdit } from "../bindings/ObservationEdit";
import type { OwnedActions } from "../bindings/OwnedActions";
import type { Partner } from "../bindings/Partner";
import type { PartnerInput } from "../bindings/PartnerInput";
import type { PeriodInfo } from "../bindings/PeriodInfo";
import type { PopulationResult } from "../bindings/PopulationResult";
import type { Program } from "../bindings/Program";
import type { ProgramInput } from "../bindings/ProgramInput";
import type { Progress } from "../bindings/Progress";
import type { RenderedChart } from "../bindings/RenderedChart";
import type { RestoreReport } from "../bindings/RestoreReport";
import type { ResultInput } from "../bindings/ResultInput";
import type { SaveReport } from "../bindings/SaveReport";
import type { Scorecard } from "../bindings/Scorecard";
import type { SparklineSvg } from "../bindings/SparklineSvg";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError, type Backend, type SlideTheme } from "./index";
import { MemoryGroups } from "./memory-groups";
import { PeriodModel } from "./memory-periods";
import { fixtureChart, fixtureScorecard, fixtureSparkline, type FixtureFigures } from "./memory-scorecard";
import { emptySummary, fixtureEquityChart, pickFigures, pickGaps, type EquityFixture } from "./memory-equity";
import { MemoryActions } from "./memory-actions";
import { MemoryCommunity } from "./memory-community";
import { MemoryMeetings } from "./memory-meetings";
import { MemoryReports } from "./memory-report";
import type { AgendaItem } from "../bindings/AgendaItem";
import type { Attendee } from "../bindings/Attendee";
import type { CaptureInput } from "../bindings/CaptureInput";
import type { Meeting } from "../bindings/Meeting";
import type { MeetingInput } from "../bindings/MeetingInput";
import type { MeetingItem } from "../bindings/MeetingItem";
import type { CommunityEvent } from "../bindings/CommunityEvent";
import type { CommunityEventInput } from "../bindings/CommunityEventInput";
import type { CommunityLink } from "../bindings/CommunityLink";
import type { CommunityTarget } from "../bindings/CommunityTarget";
import type { CommunityTheme } from "../bindings/CommunityTheme";
import type { LastHeard } from "../bindings/LastHeard";
import type { ReactionInput } from "../bindings/ReactionInput";
import type { StationInput } from "../bindings/StationInput";
import { MemoryContributions } from "./memory-contributions";
import type { ContributionsMatrix } from "../bindings/ContributionsMatrix";
import type { PartnerProfile } from "../bindings/PartnerProfile";
import type { PartnerRole } from "../bindings/PartnerRole";
import type { ResultPartner } from "../bindings/ResultPartner";
import type { RoleKind } from "../bindings/RoleKind";
import type { RoleTarget } from "../bindings/RoleTarget";
import type { RoleTier } from "../bindings/RoleTier";
import { MemoryComments, SYSTEM_USER } from "./memory-comments";
import { MemoryWorksheets } from "./memory-worksheets";
import { MemorySync } from "./memory-sync";
import type { Conflict } from "../bindings/Conflict";
import type { FolderSyncSummary } from "../bindings/FolderSyncSummary";
import type { Keep } from "../bindings/Keep";
import type { SyncExportSummary } from "../bindings/SyncExportSummary";
import type { SyncImportSummary } from "../bindings/SyncImportSummary";
import type { SyncStatus } from "../bindings/SyncStatus";
import type { RevisionDiff } from "../bindings/RevisionDiff";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { Worksheet } from "../bindings/Worksheet";
import type { WorksheetInput } from "../bindings/WorksheetInput";
import type { WorksheetRevision } from "../bindings/WorksheetRevision";
import {
  backupInfo,
  backupsFolderOf,
  baseName,
  exportReport,
  importSummary,
  missingFile,
  resolveInitiative,
  type KnownFile,
} from "./memory-transfer";

interface Stored<T> {
  row: T;
  deleted_at: string | null;
}

export interface MemoryOptions {
  /** The clock; fixed in tests so "recent periods" are predictable. */
  now?: () => Date;
  dbPath?: string;
  /** What the native dialogs "choose"; null = the user cancelled. */
  backupPath?: string | null;
  openPath?: string | null;
  chartPath?: string | null;
  importPath?: string | null;
  exportPath?: string | null;
  restorePath?: string | null;
  /** How many monitors `screens()` reports (1 unless told). */
  screenCount?: number;
}

/** Everything the memory store holds, as a backup keeps it. */
interface Snapshot {
  initiatives: Map<string, Stored<Initiative>>;
  partners: Map<string, Stored<Partner>>;
  results: Map<string, Stored<PopulationResult>>;
  programs: Map<string, Stored<Program>>;
  measures: Map<string, Stored<Measure>>;
  observations: Map<string, Stored<Observation>>;
  dimensions: Map<string, Dimension>;
  figures: Map<string, Partial<FixtureFigures>>;
}

const SECTORAL_HOMES = ["public", "nonprofit", "philanthropy", "business", "education", "health", "co_led", "other"];
const SECTORS = ["public", "nonprofit", "philanthropy", "business", "education", "health", "faith", "community", "other"];
const TIERS = ["strategic", "mid_tier", "community"];
const UNITS = ["number", "percent", "currency", "rate"];
const POLARITIES = ["higher", "lower", "range"];
const CALENDARS = ["year", "school_year", "fiscal_year", "half", "quarter", "month", "week", "span"];
const CATEGORIES = ["how_much", "how_well", "better_off"];

const clone = <T>(x: T): T => structuredClone(x);
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");

function required(value: string, field: string, what: string) {
  if (!value || !value.trim()) throw apiError("invalid_input", `${what} is required.`, field);
}

function oneOf(value: unknown, allowed: string[], field: string) {
  if (typeof value !== "string" || !allowed.includes(value))
    throw apiError("invalid_input", `"${String(value)}" is not a valid ${field.replace(/_/g, " ")}.`, field);
}

/** Parses what a user typed: "72.4", "72.4%", "1,234", "$5,000". "" clears. */
export function parseNumberText(text: string): number | null | "bad" {
  const t = text.trim();
  if (t === "") return null;
  const cleaned = t.replace(/[$,%\s]/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return "bad";
  return Number(cleaned);
}

export class MemoryBackend implements Backend {
  private seq = 0;
  private readonly now: () => Date;
  private dbPath: string;
  private backupPath: string | null;
  private openPath: string | null;
  /** What the "Save chart as" dialog "chooses"; null = the user cancelled. */
  chartPath: string | null;
  /** What the import, export and restore dialogs "choose"; null = the user cancelled. */
  importPath: string | null;
  exportPath: string | null;
  restorePath: string | null;

  initiatives = new Map<string, Stored<Initiative>>();
  partners = new Map<string, Stored<Partner>>();
  results = new Map<string, Stored<PopulationResult>>();
  programs = new Map<string, Stored<Program>>();
  measures = new Map<string, Stored<Measure>>();
  observations = new Map<string, Stored<Observation>>();
  dimensions = new Map<string, Dimension>();
  /** Renames, aliases, order, merges and the trash of groups (memory-groups.ts). */
  readonly groups = new MemoryGroups({
    dimensions: () => this.dimensions,
    observations: () => this.observations,
    measureName: (id) => this.measures.get(id)?.row.name ?? id,
    id: (prefix) => this.id(prefix),
    stamp: () => this.stamp(),
  });
  /** Comments and the user's name (memory-comments.ts). */
  readonly comments = new MemoryComments({
    targetInitiative: (kind, id) => this.commentTargetInitiative(kind, id),
    valueMeasure: (id) => {
      const o = this.observations.get(id);
      return o && !o.deleted_at ? o.row.measure_id : null;
    },
    id: (prefix) => this.id(prefix),
    stamp: () => this.stamp(),
  });
  /** Actions, their links and status logs (memory-actions.ts). */
  readonly actions = new MemoryActions(
    {
      requireInitiative: (id) => void this.initiativeLive(id),
      partner: (id) => {
        const s = this.partners.get(id);
        return s && { name: s.row.name, initiative_id: s.row.initiative_id, deleted: s.deleted_at !== null };
      },
      target: (kind, id) => {
        const s = kind === "measure" ? this.measures.get(id) : kind === "result" ? this.results.get(id) : this.programs.get(id);
        const live = s && (kind === "measure" ? this.measureVisible(s as Stored<Measure>) : !s.deleted_at);
        return live ? { name: s.row.name, initiative_id: s.row.initiative_id } : undefined;
      },
      trashPartner: (id) => {
        const s = this.partners.get(id);
        if (s) s.deleted_at = this.stamp();
      },
      author: () => this.comments.getAuthorName() ?? SYSTEM_USER,
      id: (prefix) => this.id(prefix),
      stamp: () => this.stamp(),
    },
    () => this.stamp().slice(0, 10),
  );
  /** Turn the Curve worksheets and their revisions (memory-worksheets.ts). */
  readonly worksheets = new MemoryWorksheets({
    measure: (id) => {
      const s = this.measures.get(id);
      return s && this.measureVisible(s) ? { name: s.row.name, initiative_id: s.row.initiative_id } : undefined;
    },
    partner: (id) => {
      const s = this.partners.get(id);
      return s && { name: s.row.name, initiative_id: s.row.initiative_id, deleted: s.deleted_at !== null };
    },
    latestValueAt: (measureId) =>
      // A value deleted changes the data as much as a new one does.
      [...this.observations.values()]
        .filter((o) => o.row.measure_id === measureId)
        .map((o) => (o.deleted_at && o.deleted_at > o.row.updated_at ? o.deleted_at : o.row.updated_at))
        .reduce<string | null>((a, b) => (a === null || b > a ? b : a), null),
    actions: (measureId) => this.actions.actionsFor("measure", measureId).map((a) => ({ id: a.id, title: a.title, status: a.status })),
    author: () => this.comments.getAuthorName() ?? SYSTEM_USER,
    id: (prefix) => this.id(prefix),
    stamp: () => this.stamp(),
  });
  /** Partner meetings: agenda, captures, finishing (memory-meetings.ts). */
  readonly meetings = new MemoryMeetings({
    requireInitiative: (id) => void this.initiativeLive(id),
    target: (kind, id) => {
      const s = kind === "partner" ? this.partners.get(id) : kind === "measure" ? this.measures.get(id) : kind === "result" ? this.results.get(id) : this.programs.get(id);
      const live = s && (kind === "measure" ? this.measureVisible(s as Stored<Measure>) : !s.deleted_at);
      return live ? { name: s.row.name, initiative_id: s.row.initiative_id } : undefined;
    },
    results: (iid) =>
      [...this.results.values()].filter((s) => !s.deleted_at && s.row.initiative_id === iid).map((s) => s.row).sort((a, b) => a.position - b.position),
    createAction: (iid, input) => this.actions.create(iid, input).id,
    addIdea: (measureId, idea) => {
      const w = this.worksheets.get(measureId);
      const partners = w.partners.map((p) => ({ partner_id: p.partner_id, tier: p.tier, role: p.role }));
      const input = { how_doing: w.how_doing, story: w.story, factors: w.factors, partners, ideas: [...w.ideas, idea], action_plan: w.action_plan };
      return this.worksheets.save(measureId, input).id;
    },
    author: () => this.comments.getAuthorName() ?? SYSTEM_USER,
    id: (prefix) => this.id(prefix),
    stamp: () => this.stamp(),
  });
  /** Community events, themes, links and data walks (memory-community.ts). */
  readonly community = new MemoryCommunity({
    requireInitiative: (id) => void this.initiativeLive(id),
    target: (kind, id) => this.communityTarget(kind, id),
    targets: (iid) => {
      const out: CommunityLink[] = [];
      const live = (kind: CommunityTarget, ids: string[]) => {
        for (const id of ids) {
          const t = this.communityTarget(kind, id);
          if (t && t.initiative_id === iid) out.push({ target_kind: kind, target_id: id, name: t.name });
        }
      };
      live("result", [...this.results.values()].sort((a, b) => a.row.position - b.row.position).map((s) => s.row.id));
      live("measure", [...this.measures.keys()]);
      live("worksheet", [...this.measures.keys()].map((m) => this.worksheets.get(m).id).filter((w) => w !== ""));
      live("action", this.actions.list(iid, { partner_id: null, measure_id: null, overdue: false, include_closed: true }).map((a) => a.id));
      return out;
    },
    group: (id) => {
      for (const d of this.dimensions.values()) {
        const g = d.groups.find((x) => x.id === id);
        if (g) return { group_id: g.id, name: g.name, dimension_name: d.name, initiative_id: d.initiative_id };
      }
      return undefined;
    },
    results: (iid) =>
      [...this.results.values()]
        .filter((s) => !s.deleted_at && s.row.initiative_id === iid)
        .sort((a, b) => a.row.position - b.row.position)
        .map((s) => ({ id: s.row.id, name: s.row.name })),
    id: (prefix) => this.id(prefix),
    stamp: () => this.stamp(),
  });

  /** A live community-link target with the results it serves (memory-community.ts). */
  private communityTarget(kind: CommunityTarget, id: string) {
    const measure = (mid: string) => {
      const m = this.measures.get(mid);
      return m && this.measureVisible(m) ? m.row : undefined;
    };
    if (kind === "measure") {
      const m = measure(id);
      return m && { name: m.name, initiative_id: m.initiative_id, result_ids: m.result_id ? [m.result_id] : [], measure_id: m.id };
    }
    if (kind === "result") {
      const r = this.results.get(id);
      return r && !r.deleted_at ? { name: r.row.name, initiative_id: r.row.initiative_id, result_ids: [id], measure_id: null } : undefined;
    }
    if (kind === "worksheet") {
      for (const m of this.measures.values()) {
        if (!this.measureVisible(m)) continue;
        if (this.worksheets.get(m.row.id).id === id)
          return { name: `Worksheet: ${m.row.name}`, initiative_id: m.row.initiative_id, result_ids: m.row.result_id ? [m.row.result_id] : [], measure_id: m.row.id };
      }
      return undefined;
    }
    let a: Action;
    try {
      a = this.actions.get(id);
    } catch {
      return undefined;
    }
    const result_ids = a.links.flatMap((l) => (l.target_kind === "result" ? [l.target_id] : l.target_kind === "measure" ? [measure(l.target_id)?.result_id ?? ""] : [])).filter((r) => r);
    return { name: a.title, initiative_id: a.initiative_id, result_ids, measure_id: null };
  }
  /** Partners' roles on results and measures, the matrix and its CSV (memory-contributions.ts). */
  readonly contributions = new MemoryContributions({
    partner: (id) => {
      const s = this.partners.get(id);
      return s && !s.deleted_at ? s.row : null;
    },
    partners: (iid) => [...this.partners.values()].filter((s) => !s.deleted_at && s.row.initiative_id === iid).map((s) => s.row).sort((a, b) => a.name.localeCompare(b.name)),
    result: (id) => {
      const s = this.results.get(id);
      return s && !s.deleted_at ? s.row : null;
    },
    results: (iid) => [...this.results.values()].filter((s) => !s.deleted_at && s.row.initiative_id === iid).map((s) => s.row).sort((a, b) => a.position - b.position),
    programs: (iid) => [...this.programs.values()].filter((s) => !s.deleted_at && s.row.initiative_id === iid).map((s) => s.row).sort((a, b) => a.name.localeCompare(b.name)),
    measure: (id) => {
      const s = this.measures.get(id);
      return s && this.measureVisible(s) ? s.row : null;
    },
    openActions: async (iid, pid) => this.actions.list(iid, { partner_id: pid, measure_id: null, overdue: false, include_closed: false }),
    id: (prefix) => this.id(prefix),
    stamp: () => this.stamp(),
  });
  /** Field sync: registered change files and folders, conflicts, peers (memory-sync.ts). */
  readonly sync = new MemorySync({
    authorName: () => this.comments.getAuthorName(),
    write: (table, rowId, field, value) => {
      const maps: Record<string, Map<string, Stored<unknown>>> = {
        initiatives: this.initiatives,
        partners: this.partners,
        results: this.results,
        programs: this.programs,
        measures: this.measures,
        observations: this.observations,
      };
      const s = maps[table]?.get(rowId) as Stored<Record<string, unknown>> | undefined;
      if (!s) return false;
      s.row = { ...s.row, [field]: value, updated_at: this.stamp() };
      return true;
    },
    stamp: () => this.stamp(),
  });
  backups: string[] = [];
  /** Hand-made scorecard figures by measure id (see memory-scorecard.ts). */
  figures = new Map<string, Partial<FixtureFigures>>();
  /** Hand-made equity answers by measure id, and summaries by initiative id (see memory-equity.ts). */
  equity = new Map<string, EquityFixture>();
  equitySummaries = new Map<string, EquitySummary>();
  /** Charts written by exportChart. */
  exports: { measureId: string; path: string; size: ChartSize; scale: number | null; compareIds: string[] | null }[] = [];
  /** Files tests registered for import, by path. */
  importFiles = new Map<string, KnownFile>();
  /** Imports that wrote (summaries as returned). */
  imports: ImportSummary[] = [];
  /** Initiatives written by exportInitiative. */
  initiativeExports: ExportReport[] = [];
  /** The backups folder, newest first, each with the store's content when it was taken. */
  backupFiles: { info: BackupInfo; snapshot: Snapshot }[] = [];
  private cancelRequested = false;
  private importGate: Promise<void> | null = null;
  /** Every call, by method name, so tests can assert what was (not) sent. */
  calls: { method: string; args: unknown[] }[] = [];
  /** Monitors connected; meeting mode's audience window (its "closed" callback while open). */
  screenCount: number;
  private audienceClosed: (() => void) | null = null;
  private slideFollowers = new Set<(index: number, theme: SlideTheme) => void>();

  constructor(options: MemoryOptions = {}) {
    this.now = options.now ?? (() => new Date("2025-03-15T12:00:00Z"));
    this.dbPath = options.dbPath ?? "/home/user/.local/share/backbone/backbone.sqlite";
    this.backupPath = options.backupPath ?? null;
    this.openPath = options.openPath ?? null;
    this.chartPath = options.chartPath ?? null;
    this.importPath = options.importPath ?? null;
    this.exportPath = options.exportPath ?? null;
    this.restorePath = options.restorePath ?? null;
    this.screenCount = options.screenCount ?? 1;
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq}`;
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private log(method: string, args: unknown[]) {
    this.calls.push({ method, args: clone(args) });
  }

  callsTo(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  private live<T>(map: Map<string, Stored<T>>, id: string, what: string): Stored<T> {
    const s = map.get(id);
    if (!s || s.deleted_at) throw apiError("not_found", `No ${what} with id ${id}.`);
    return s;
  }

  private initiativeLive(id: string) {
    return this.live(this.initiatives, id, "initiative");
  }

  /** A measure is visible when it and its result or program are not in the trash. */
  private measureVisible(m: Stored<Measure>): boolean {
    if (m.deleted_at) return false;
    const parent = m.row.result_id ? this.results.get(m.row.result_id) : m.row.program_id ? this.programs.get(m.row.program_id) : undefined;
    return !parent || !parent.deleted_at;
  }

  // ---- app ----------------------------------------------------------------------

  async appInfo(): Promise<AppInfo> {
    this.log("appInfo", []);
    const sample = [...this.initiatives.values()].find((i) => i.row.is_sample && !i.deleted_at);
    return { app_version: "0.1.0-test", db_path: this.dbPath, schema_version: 1, sample_initiative_id: sample?.row.id ?? null };
  }

  // ---- initiatives ----------------------------------------------------------------

  async listInitiatives(): Promise<Initiative[]> {
    this.log("listInitiatives", []);
    return [...this.initiatives.values()].filter((s) => !s.deleted_at).map((s) => clone(s.row));
  }

  async getInitiative(id: string): Promise<Initiative> {
    this.log("getInitiative", [id]);
    return clone(this.initiativeLive(id).row);
  }

  private checkInitiative(input: InitiativeInput) {
    required(input.name, "name", "Name");
    oneOf(input.sectoral_home, SECTORAL_HOMES, "sectoral_home");
  }

  async createInitiative(input: InitiativeInput, isSample = false): Promise<Initiative> {
    this.log("createInitiative", [input]);
    this.checkInitiative(input);
    const t = this.stamp();
    const row: Initiative = {
      id: this.id("initiative"),
      ...clone(input),
      name: input.name.trim(),
      is_sample: isSample,
      status_tolerance_pct: 10,
      created_at: t,
      updated_at: t,
    };
    this.initiatives.set(row.id, { row, deleted_at: null });
    return clone(row);
  }

  async updateInitiative(id: string, input: InitiativeInput): Promise<Initiative> {
    this.log("updateInitiative", [id, input]);
    const s = this.initiativeLive(id);
    this.checkInitiative(input);
    s.row = { ...s.row, ...clone(input), name: input.name.trim(), updated_at: this.stamp() };
    return clone(s.row);
  }

  async loadSample(): Promise<Initiative> {
    this.log("loadSample", []);
    const existing = [...this.initiatives.values()].find((s) => s.row.is_sample && !s.deleted_at);
    if (existing) return clone(existing.row);
    return this.seedSample();
  }

  async removeSample(): Promise<number> {
    this.log("removeSample", []);
    let removed = 0;
    for (const s of [...this.initiatives.values()]) {
      if (!s.row.is_sample) continue;
      const iid = s.row.id;
      const measureIds = new Set([...this.measures.values()].filter((m) => m.row.initiative_id === iid).map((m) => m.row.id));
      for (const [k, o] of this.observations) if (measureIds.has(o.row.measure_id)) (this.observations.delete(k), removed++);
      for (const map of [this.partners, this.results, this.programs, this.measures] as Map<string, Stored<{ initiative_id: string }>>[])
        for (const [k, v] of map) if (v.row.initiative_id === iid) (map.delete(k), removed++);
      for (const [k, d] of this.dimensions) if (d.initiative_id === iid) (this.dimensions.delete(k), removed++);
      this.initiatives.delete(iid);
      removed++;
    }
    return removed;
  }

  // ---- partners -------------------------------------------------------------------

  private checkPartner(input: PartnerInput) {
    required(input.name, "name", "Name");
    oneOf(input.sector, SECTORS, "sector");
    if (input.tier !== null) oneOf(input.tier, TIERS, "tier");
    if (input.contact_email.trim() && !/^[^@\s]+@[^@\s]+$/.test(input.contact_email.trim()))
      throw apiError("invalid_input", "That does not look like an email address.", "contact_email");
  }

  async listPartners(initiativeId: string): Promise<Partner[]> {
    this.log("listPartners", [initiativeId]);
    this.initiativeLive(initiativeId);
    return [...this.partners.values()]
      .filter((s) => !s.deleted_at && s.row.initiative_id === initiativeId)
      .map((s) => clone(s.row))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async createPartner(initiativeId: string, input: PartnerInput): Promise<Partner> {
    this.log("createPartner", [initiativeId, input]);
    this.initiativeLive(initiativeId);
    this.checkPartner(input);
    const t = this.stamp();
    const row: Partner = { id: this.id("partner"), initiative_id: initiativeId, ...clone(input), name: input.name.trim(), created_at: t, updated_at: t };
    this.partners.set(row.id, { row, deleted_at: null });
    return clone(row);
  }

  async updatePartner(id: string, input: PartnerInput): Promise<Partner> {
    this.log("updatePartner", [id, input]);
    const s = this.live(this.partners, id, "partner");
    this.checkPartner(input);
    s.row = { ...s.row, ...clone(input), name: input.name.trim(), updated_at: this.stamp() };
    return clone(s.row);
  }

  // ---- actions (memory-actions.ts) ---------------------------------------------------

  async listActions(initiativeId: string, filter: ActionFilter): Promise<Action[]> {
    this.log("listActions", [initiativeId, filter]);
    return this.actions.list(initiativeId, filter);
  }

  async getAction(id: string): Promise<Action> {
    this.log("getAction", [id]);
    return this.actions.get(id);
  }

  async createAction(initiativeId: string, input: ActionInput): Promise<Action> {
    this.log("createAction", [initiativeId, input]);
    return this.actions.create(initiativeId, input);
  }

  async updateAction(id: string, input: ActionInput): Promise<Action> {
    this.log("updateAction", [id, input]);
    return this.actions.update(id, input);
  }

  async addActionUpdate(actionId: string, status: ActionStatus, comment: string): Promise<Action> {
    this.log("addActionUpdate", [actionId, status, comment]);
    return this.actions.addUpdate(actionId, status, comment);
  }

  async actionsFor(kind: LinkTarget, targetId: string): Promise<Action[]> {
    this.log("actionsFor", [kind, targetId]);
    return this.actions.actionsFor(kind, targetId);
  }

  async deletePartnerWithActions(partnerId: string, owned: OwnedActions): Promise<void> {
    this.log("deletePartnerWithActions", [partnerId, owned]);
    this.actions.deletePartnerWithActions(partnerId, owned);
  }

  // ---- partners' roles and contributions (memory-contributions.ts) -------------------

  async partnerProfile(partnerId: string): Promise<PartnerProfile> {
    this.log("partnerProfile", [partnerId]);
    return this.contributions.profile(partnerId);
  }

  async resultPartners(resultId: string): Promise<ResultPartner[]> {
    this.log("resultPartners", [resultId]);
    return this.contributions.resultPartners(resultId);
  }

  async setPartnerRole(partnerId: string, targetKind: RoleTarget, targetId: string, role: RoleKind, description: string, tier: RoleTier | null): Promise<PartnerRole> {
    this.log("setPartnerRole", [partnerId, targetKind, targetId, role, description, tier]);
    return this.contributions.set(partnerId, targetKind, targetId, role, description, tier);
  }

  async removePartnerRole(roleId: string): Promise<void> {
    this.log("removePartnerRole", [roleId]);
    this.contributions.remove(roleId, this.stamp());
  }

  async contributionsMatrix(initiativeId: string): Promise<ContributionsMatrix> {
    this.log("contributionsMatrix", [initiativeId]);
    this.initiativeLive(initiativeId);
    return this.contributions.matrix(initiativeId);
  }

  async exportContributions(initiativeId: string, path: string): Promise<number> {
    this.log("exportContributions", [initiativeId, path]);
    this.initiativeLive(initiativeId);
    return this.contributions.exportCsv(initiativeId, path);
  }

  async chooseContributionsPath(defaultName: string): Promise<string | null> {
    this.log("chooseContributionsPath", [defaultName]);
    return this.exportPath;
  }

  // ---- results --------------------------------------------------------------------

  async listResults(initiativeId: string): Promise<PopulationResult[]> {
    this.log("listResults", [initiativeId]);
    this.initiativeLive(initiativeId);
    return [...this.results.values()]
      .filter((s) => !s.deleted_at && s.row.initiative_id === initiativeId)
      .map((s) => clone(s.row))
      .sort((a, b) => a.position - b.position);
  }

  async createResult(initiativeId: string, input: ResultInput): Promise<PopulationResult> {
    this.log("createResult", [initiativeId, input]);
    this.initiativeLive(initiativeId);
    required(input.name, "name", "Name");
    const t = this.stamp();
    const position = [...this.results.values()].filter((s) => s.row.initiative_id === initiativeId).length;
    const row: PopulationResult = { id: this.id("result"), initiative_id: initiativeId, name: input.name.trim(), description: input.description, position, created_at: t, updated_at: t };
    this.results.set(row.id, { row, deleted_at: null });
    return clone(row);
  }

  async updateResult(id: string, input: ResultInput): Promise<PopulationResult> {
    this.log("updateResult", [id, input]);
    const s = this.live(this.results, id, "result");
    required(input.name, "name", "Name");
    s.row = { ...s.row, name: input.name.trim(), description: input.description, updated_at: this.stamp() };
    return clone(s.row);
  }

  // ---- programs -------------------------------------------------------------------

  private checkProgram(initiativeId: string, input: ProgramInput) {
    required(input.name, "name", "Name");
    if (input.lead_partner_id !== null) {
      const p = this.partners.get(input.lead_partner_id);
      if (!p || p.deleted_at || p.row.initiative_id !== initiativeId)
        throw apiError("invalid_input", "Choose a lead partner from this initiative.", "lead_partner_id");
    }
    for (const rid of input.result_ids) {
      const r = this.results.get(rid);
      if (!r || r.deleted_at || r.row.initiative_id !== initiativeId)
        throw apiError("invalid_input", "Unknown result.", "result_ids");
    }
    for (const pid of input.contributor_ids) {
      const p = this.partners.get(pid);
      if (!p || p.deleted_at || p.row.initiative_id !== initiativeId)
        throw apiError("invalid_input", "Unknown contributing partner.", "contributor_ids");
    }
  }

  async listPrograms(initiativeId: string): Promise<Program[]> {
    this.log("listPrograms", [initiativeId]);
    this.initiativeLive(initiativeId);
    return [...this.programs.values()]
      .filter((s) => !s.deleted_at && s.row.initiative_id === initiativeId)
      .map((s) => clone(s.row))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async createProgram(initiativeId: string, input: ProgramInput): Promise<Program> {
    this.log("createProgram", [initiativeId, input]);
    this.initiativeLive(initiativeId);
    this.checkProgram(initiativeId, input);
    const t = this.stamp();
    const row: Program = { id: this.id("program"), initiative_id: initiativeId, ...clone(input), name: input.name.trim(), created_at: t, updated_at: t };
    this.programs.set(row.id, { row, deleted_at: null });
    return clone(row);
  }

  async updateProgram(id: string, input: ProgramInput): Promise<Program> {
    this.log("updateProgram", [id, input]);
    const s = this.live(this.programs, id, "program");
    this.checkProgram(s.row.initiative_id, input);
    s.row = { ...s.row, ...clone(input), name: input.name.trim(), updated_at: this.stamp() };
    return clone(s.row);
  }

  // ---- measures -------------------------------------------------------------------

  private checkMeasure(initiativeId: string, input: MeasureInput) {
    required(input.name, "name", "Name");
    if (input.kind === "indicator") {
      if (!input.result_id) throw apiError("invalid_input", "An indicator belongs to a result: choose one.", "result_id");
      const r = this.results.get(input.result_id);
      if (!r || r.deleted_at || r.row.initiative_id !== initiativeId) throw apiError("invalid_input", "Unknown result.", "result_id");
      if (input.program_id !== null || input.category !== null)
        throw apiError("invalid_input", "An indicator has no program or category.", "program_id");
    } else if (input.kind === "performance") {
      if (!input.program_id) throw apiError("invalid_input", "A performance measure belongs to a program: choose one.", "program_id");
      const p = this.programs.get(input.program_id);
      if (!p || p.deleted_at || p.row.initiative_id !== initiativeId) throw apiError("invalid_input", "Unknown program.", "program_id");
      if (!input.category) throw apiError("invalid_input", "Choose one of the three RBA questions.", "category");
      oneOf(input.category, CATEGORIES, "category");
      if (input.result_id !== null) throw apiError("invalid_input", "A performance measure has no result.", "result_id");
    } else {
      oneOf(input.kind, ["indicator", "performance"], "kind");
    }
    oneOf(input.unit, UNITS, "unit");
    oneOf(input.polarity, POLARITIES, "polarity");
    oneOf(input.calendar, CALENDARS, "calendar");
    if (input.unit === "rate" && !(input.rate_per !== null && input.rate_per > 0))
      throw apiError("invalid_input", "A rate needs a positive \"per\" number, such as 1,000.", "rate_per");
    if (input.calendar_start_month !== null && !(Number.isInteger(input.calendar_start_month) && input.calendar_start_month >= 1 && input.calendar_start_month <= 12))
      throw apiError("invalid_input", "The start month is 1 to 12.", "calendar_start_month");
    if (input.baseline_period !== null && input.baseline_period.trim() !== "") {
      const model = new PeriodModel(input.calendar, input.calendar_start_month);
      if (!model.parse(input.baseline_period))
        throw apiError("invalid_input", `"${input.baseline_period}" is not a period of this calendar.`, "baseline_period");
    }
  }

  async listMeasures(initiativeId: string): Promise<Measure[]> {
    this.log("listMeasures", [initiativeId]);
    this.initiativeLive(initiativeId);
    return [...this.measures.values()]
      .filter((s) => s.row.initiative_id === initiativeId && this.measureVisible(s))
      .map((s) => clone(s.row))
      .sort((a, b) => a.position - b.position);
  }

  async createMeasure(initiativeId: string, input: MeasureInput): Promise<Measure> {
    this.log("createMeasure", [initiativeId, input]);
    this.initiativeLive(initiativeId);
    this.checkMeasure(initiativeId, input);
    const t = this.stamp();
    const position = [...this.measures.values()].filter((s) => s.row.initiative_id === initiativeId).length;
    const row: Measure = { id: this.id("measure"), initiative_id: initiativeId, ...clone(input), name: input.name.trim(), position, created_at: t, updated_at: t };
    if (row.baseline_period !== null && row.baseline_period.trim() === "") row.baseline_period = null;
    this.measures.set(row.id, { row, deleted_at: null });
    return clone(row);
  }

  async updateMeasure(id: string, input: MeasureInput): Promise<Measure> {
    this.log("updateMeasure", [id, input]);
    const s = this.live(this.measures, id, "measure");
    this.checkMeasure(s.row.initiative_id, input);
    s.row = { ...s.row, ...clone(input), name: input.name.trim(), updated_at: this.stamp() };
    return clone(s.row);
  }

  async measureStats(initiativeId: string): Promise<MeasureStat[]> {
    this.log("measureStats", [initiativeId]);
    const measures = await this.listMeasuresQuiet(initiativeId);
    return measures.map((m) => {
      const totals = [...this.observations.values()]
        .filter((o) => !o.deleted_at && o.row.measure_id === m.id && o.row.group_ids.length === 0 && o.row.value !== null)
        .map((o) => o.row)
        .sort((a, b) => a.period_start.localeCompare(b.period_start));
      const last = totals[totals.length - 1];
      return { measure_id: m.id, value_count: totals.length, latest_period: last?.period ?? null, latest_value: last?.value ?? null };
    });
  }

  private async listMeasuresQuiet(initiativeId: string): Promise<Measure[]> {
    this.initiativeLive(initiativeId);
    return [...this.measures.values()].filter((s) => s.row.initiative_id === initiativeId && this.measureVisible(s)).map((s) => s.row);
  }

  // ---- dimensions -----------------------------------------------------------------

  async listDimensions(initiativeId: string): Promise<Dimension[]> {
    this.log("listDimensions", [initiativeId]);
    this.initiativeLive(initiativeId);
    return [...this.dimensions.values()].filter((d) => d.initiative_id === initiativeId).map(clone);
  }

  async createDimension(initiativeId: string, name: string, kind: string): Promise<Dimension> {
    this.log("createDimension", [initiativeId, name, kind]);
    this.initiativeLive(initiativeId);
    return this.groups.createDimension(initiativeId, name, kind);
  }

  async renameDimension(id: string, name: string): Promise<Dimension> {
    this.log("renameDimension", [id, name]);
    return this.groups.renameDimension(id, name);
  }

  async setDimensionKind(id: string, kind: string): Promise<Dimension> {
    this.log("setDimensionKind", [id, kind]);
    return this.groups.setDimensionKind(id, kind);
  }

  async moveDimension(id: string, direction: MoveDirection): Promise<Dimension[]> {
    this.log("moveDimension", [id, direction]);
    return this.groups.moveDimension(id, direction);
  }

  async createGroup(dimensionId: string, name: string): Promise<Group> {
    this.log("createGroup", [dimensionId, name]);
    return this.groups.createGroup(dimensionId, name);
  }

  async renameGroup(id: string, name: string): Promise<Dimension> {
    this.log("renameGroup", [id, name]);
    return this.groups.renameGroup(id, name);
  }

  async setReferenceGroup(dimensionId: string, groupId: string | null): Promise<Dimension> {
    this.log("setReferenceGroup", [dimensionId, groupId]);
    return this.groups.setReferenceGroup(dimensionId, groupId);
  }

  async moveGroup(id: string, direction: MoveDirection): Promise<Dimension> {
    this.log("moveGroup", [id, direction]);
    return this.groups.moveGroup(id, direction);
  }

  async addGroupAlias(groupId: string, alias: string): Promise<Dimension> {
    this.log("addGroupAlias", [groupId, alias]);
    return this.groups.addGroupAlias(groupId, alias);
  }

  async removeGroupAlias(aliasId: string): Promise<Dimension> {
    this.log("removeGroupAlias", [aliasId]);
    return this.groups.removeGroupAlias(aliasId);
  }

  async mergeGroups(fromId: string, intoId: string, dryRun: boolean): Promise<MergeReport> {
    this.log("mergeGroups", [fromId, intoId, dryRun]);
    return this.groups.mergeGroups(fromId, intoId, dryRun);
  }

  addDimension(initiativeId: string, name: string, groups: string[]): Dimension {
    const id = this.id("dimension");
    const dim: Dimension = {
      id,
      initiative_id: initiativeId,
      name,
      kind: "race_ethnicity",
      groups: groups.map((g, i) => ({ id: this.id("group"), dimension_id: id, name: g, is_reference: false, position: i, aliases: [] })),
    };
    this.dimensions.set(id, dim);
    return clone(dim);
  }

  // ---- observations ---------------------------------------------------------------

  private model(m: Measure) {
    return new PeriodModel(m.calendar, m.calendar_start_month);
  }

  private findObservation(measureId: string, label: string, groupIds: string[]) {
    return [...this.observations.values()].find(
      (o) => !o.deleted_at && o.row.measure_id === measureId && o.row.period === label && sameSet(o.row.group_ids, groupIds),
    );
  }

  async measureGrid(measureId: string, groupIds: string[]): Promise<GridRow[]> {
    this.log("measureGrid", [measureId, groupIds]);
    const m = this.live(this.measures, measureId, "measure").row;
    const model = this.model(m);
    const obs = [...this.observations.values()]
      .filter((o) => !o.deleted_at && o.row.measure_id === measureId && sameSet(o.row.group_ids, groupIds))
      .map((o) => o.row);
    const keys = obs.map((o) => model.parse(o.period)!).sort((a, b) => a.key - b.key);
    let first, last;
    if (keys.length === 0) {
      last = model.containing(this.now());
      first = model.shift(last, -4);
    } else {
      first = keys[0];
      last = model.shift(keys[keys.length - 1], 3);
    }
    const rows: GridRow[] = [];
    for (let p = first; p.key <= last.key; p = model.shift(p, 1)) {
      const info = model.info(p);
      const o = obs.find((x) => x.period === info.label);
      rows.push({ period: info, observation: o ? clone(o) : null });
    }
    return rows;
  }

  async periodsAfter(measureId: string, period: string, count: number): Promise<PeriodInfo[]> {
    this.log("periodsAfter", [measureId, period, count]);
    const m = this.live(this.measures, measureId, "measure").row;
    const model = this.model(m);
    const p = model.parse(period);
    if (!p) throw apiError("invalid_input", `"${period}" is not a period of this measure's calendar.`, "period");
    const out: PeriodInfo[] = [];
    for (let i = 1; i <= count; i++) out.push(model.info(model.shift(p, i)));
    return out;
  }

  /**
   * Mirrors the core (src/store/observations.rs): edits are checked in order and the first
   * bad cell rejects the whole save ("row N column", message starting with the period);
   * null leaves a cell as it is, "" clears it; percentages must lie in 0-100; a suppressed
   * value has no number; typing a number un-suppresses; an observation left empty is
   * removed; the answer is the whole grid after the save.
   */
  async saveObservations(measureId: string, edits: ObservationEdit[]): Promise<SaveReport> {
    this.log("saveObservations", [measureId, edits]);
    const m = this.live(this.measures, measureId, "measure").row;
    const model = this.model(m);
    type Values = Pick<Observation, "value" | "target" | "target_low" | "target_high" | "note" | "suppressed">;
    const planned: { info: PeriodInfo; e: ObservationEdit; next: Values }[] = [];
    edits.forEach((e, i) => {
      const row = i + 1;
      const p = model.parse(e.period);
      if (!p) throw apiError("invalid_input", `"${e.period}" is not a period of this measure's calendar.`, `row ${row} period`);
      const info = model.info(p);
      const old = this.findObservation(measureId, info.label, e.group_ids)?.row;
      const next: Values = {
        value: old?.value ?? null, target: old?.target ?? null, target_low: old?.target_low ?? null,
        target_high: old?.target_high ?? null, note: old?.note ?? null, suppressed: old?.suppressed ?? false,
      };
      for (const col of ["value", "target", "target_low", "target_high"] as const) {
        const text = e[col];
        if (text === null) continue;
        const place = `${info.label} ${col.replace("_", " ")}`;
        const n = parseNumberText(text);
        if (n === "bad") throw apiError("invalid_input", `${place}: "${text}" is not a number.`, `row ${row} ${col}`);
        if (n !== null && m.unit === "percent" && (n < 0 || n > 100))
          throw apiError("invalid_input", `${place}: ${n} is not a percentage between 0 and 100`, `row ${row} ${col}`);
        next[col] = n;
      }
      if (e.note !== null) next.note = e.note.trim() === "" ? null : e.note;
      const typed = e.value !== null && e.value.trim() !== "";
      if (e.suppressed === true && typed)
        throw apiError("invalid_input", `${info.label}: a suppressed value has no number; clear the value or untick suppressed`, `row ${row} value`);
      if (e.suppressed !== null) next.suppressed = e.suppressed;
      if (e.suppressed === true) next.value = null;
      else if (e.suppressed === null && typed) next.suppressed = false;
      if (next.target_low !== null && next.target_high !== null && next.target_low > next.target_high)
        throw apiError("invalid_input", `${info.label}: the target range's low bound ${next.target_low} is above its high bound ${next.target_high}`, `row ${row} target_low`);
      if (m.polarity !== "range") next.target_low = next.target_high = null;
      planned.push({ info, e, next });
    });
    const t = this.stamp();
    let saved = 0;
    for (const { info, e, next } of planned) {
      const s = this.findObservation(measureId, info.label, e.group_ids);
      const old = s?.row;
      const same = old
        ? old.value === next.value && old.target === next.target && old.target_low === next.target_low &&
          old.target_high === next.target_high && old.note === next.note && old.suppressed === next.suppressed
        : next.value === null && next.target === null && next.target_low === null && next.target_high === null && next.note === null && !next.suppressed;
      if (same) continue;
      saved += 1;
      const empty = next.value === null && next.target === null && next.target_low === null && next.target_high === null && next.note === null && !next.suppressed;
      if (s && empty) {
        s.deleted_at = t;
      } else if (s) {
        Object.assign(s.row, next, { updated_at: t });
      } else {
        const row: Observation = {
          id: this.id("observation"), measure_id: measureId, period: info.label, period_start: info.start,
          group_ids: [...e.group_ids], ...next, margin_of_error: null, source: null, entered_by: null, entered_at: t, updated_at: t,
        };
        this.observations.set(row.id, { row, deleted_at: null });
      }
    }
    const mark = this.calls.length;
    const rows = await this.measureGrid(measureId, edits[0]?.group_ids ?? []);
    this.calls.length = mark; // the grid read is part of this call
    return { saved, rows };
  }

  // ---- scorecard and charts (fixtures: memory-scorecard.ts) ------------------------

  setFigures(measureId: string, figures: Partial<FixtureFigures>): void {
    this.figures.set(measureId, clone(figures));
  }

  private totals(measureId: string): Observation[] {
    return [...this.observations.values()]
      .filter((o) => !o.deleted_at && o.row.measure_id === measureId && o.row.group_ids.length === 0)
      .map((o) => clone(o.row))
      .sort((a, b) => a.period_start.localeCompare(b.period_start));
  }

  async scorecard(initiativeId: string, asOf: string | null): Promise<Scorecard> {
    this.log("scorecard", [initiativeId, asOf]);
    const initiative = this.initiativeLive(initiativeId).row;
    const mark = this.calls.length;
    const [results, programs] = [await this.listResults(initiativeId), await this.listPrograms(initiativeId)];
    this.calls.length = mark;
    const measures = (await this.listMeasuresQuiet(initiativeId)).sort((a, b) => a.position - b.position);
    const today = this.now().toISOString().slice(0, 10);
    const storyUpdated = (id: string) => {
      const w = this.worksheets.get(id);
      return w.revision > 0 && !w.stale;
    };
    return fixtureScorecard({ initiative, results, programs, measures, totals: (id) => this.totals(id), figures: this.figures, today, storyUpdated }, asOf);
  }

  async sparklines(initiativeId: string): Promise<SparklineSvg[]> {
    this.log("sparklines", [initiativeId]);
    const measures = await this.listMeasuresQuiet(initiativeId);
    return measures.map((m) => {
      const history = this.figures.get(m.id)?.history?.map((h) => h.actual);
      const values = history ?? this.totals(m.id).flatMap((o) => (o.value === null ? [] : [o.value]));
      return { measure_id: m.id, svg: fixtureSparkline(values) };
    });
  }

  async measureChart(measureId: string, size: ChartSize, compareIds: string[] | null): Promise<RenderedChart> {
    this.log("measureChart", [measureId, size, compareIds]);
    const m = this.live(this.measures, measureId, "measure").row;
    const others = (compareIds ?? []).map((id) => this.live(this.measures, id, "measure").row);
    return fixtureChart(m, this.totals(measureId), others, size);
  }

  async exportChart(measureId: string, path: string, size: ChartSize, scale: number | null, compareIds: string[] | null): Promise<void> {
    this.log("exportChart", [measureId, path, size, scale, compareIds]);
    this.live(this.measures, measureId, "measure");
    if (!/\.(svg|png)$/i.test(path)) throw apiError("invalid_input", `"${path}" does not end in .svg or .png.`, "path");
    this.exports.push({ measureId, path, size: clone(size), scale, compareIds: clone(compareIds) });
  }

  // ---- meeting mode on a second screen --------------------------------------------------

  async screens(): Promise<{ count: number }> {
    this.log("screens", []);
    return { count: this.screenCount };
  }

  async openAudienceWindow(meetingId: string, index: number, theme: SlideTheme, onclosed: () => void): Promise<void> {
    this.log("openAudienceWindow", [meetingId, index, theme]);
    this.audienceClosed = onclosed;
  }

  async closeAudienceWindow(): Promise<void> {
    this.log("closeAudienceWindow", []);
    this.closeAudience();
  }

  /** Tests: the audience window goes away (as when the user closes it). */
  closeAudience(): void {
    const closed = this.audienceClosed;
    this.audienceClosed = null;
    closed?.();
  }

  get audienceOpen(): boolean {
    return this.audienceClosed !== null;
  }

  async showSlide(index: number, theme: SlideTheme): Promise<void> {
    this.log("showSlide", [index, theme]);
    for (const f of this.slideFollowers) f(index, theme);
  }

  async followSlides(handler: (index: number, theme: SlideTheme) => void): Promise<() => void> {
    this.slideFollowers.add(handler);
    return () => this.slideFollowers.delete(handler);
  }

  async chooseChartPath(defaultName: string): Promise<string | null> {
    this.log("chooseChartPath", [defaultName]);
    return this.chartPath;
  }

  // ---- equity lens (fixtures: memory-equity.ts) -------------------------------------

  setEquity(measureId: string, fixture: EquityFixture): void {
    this.equity.set(measureId, clone(fixture));
  }

  setEquitySummary(initiativeId: string, summary: EquitySummary): void {
    this.equitySummaries.set(initiativeId, clone(summary));
  }

  async measureDimensions(measureId: string): Promise<MeasureDimension[]> {
    this.log("measureDimensions", [measureId]);
    this.live(this.measures, measureId, "measure");
    return clone(this.equity.get(measureId)?.dimensions ?? []);
  }

  async equityFigures(measureId: string, dimensionId: string | null, period: string | null): Promise<EquityFigures> {
    this.log("equityFigures", [measureId, dimensionId, period]);
    const m = this.live(this.measures, measureId, "measure").row;
    return pickFigures(this.equity.get(measureId), m.name, dimensionId, period);
  }

  async gapSeries(measureId: string, dimensionId: string | null): Promise<GapSeriesSet> {
    this.log("gapSeries", [measureId, dimensionId]);
    const m = this.live(this.measures, measureId, "measure").row;
    return pickGaps(this.equity.get(measureId), m.name, dimensionId);
  }

  async equitySummary(initiativeId: string): Promise<EquitySummary> {
    this.log("equitySummary", [initiativeId]);
    const initiative = this.initiativeLive(initiativeId).row;
    return clone(this.equitySummaries.get(initiativeId) ?? emptySummary(initiativeId, initiative.name));
  }

  async groupChart(measureId: string, dimensionId: string | null, size: ChartSize): Promise<RenderedChart> {
    this.log("groupChart", [measureId, dimensionId, size]);
    const m = this.live(this.measures, measureId, "measure").row;
    const f = pickFigures(this.equity.get(measureId), m.name, dimensionId, null);
    return fixtureEquityChart("groups", `${m.name} by ${f.dimension}`, f.groups.map((g) => g.group), size);
  }

  async gapChart(measureId: string, dimensionId: string | null, size: ChartSize): Promise<RenderedChart> {
    this.log("gapChart", [measureId, dimensionId, size]);
    const m = this.live(this.measures, measureId, "measure").row;
    const gaps = pickGaps(this.equity.get(measureId), m.name, dimensionId);
    return fixtureEquityChart("gaps", `Gaps in ${m.name}`, gaps.series.map((g) => `${g.group} vs ${g.reference_group}`), size);
  }

  // ---- trash ----------------------------------------------------------------------

  // ---- partner meetings (memory-meetings.ts) ------------------------------------------

  async listMeetings(initiativeId: string): Promise<Meeting[]> {
    this.log("listMeetings", [initiativeId]);
    return this.meetings.list(initiativeId);
  }

  async getMeeting(id: string): Promise<Meeting> {
    this.log("getMeeting", [id]);
    return this.meetings.get(id);
  }

  async defaultAgenda(initiativeId: string): Promise<AgendaItem[]> {
    this.log("defaultAgenda", [initiativeId]);
    return this.meetings.defaultAgenda(initiativeId);
  }

  async createMeeting(initiativeId: string, input: MeetingInput): Promise<Meeting> {
    this.log("createMeeting", [initiativeId, input]);
    return this.meetings.create(initiativeId, clone(input));
  }

  async updateMeeting(id: string, input: MeetingInput): Promise<Meeting> {
    this.log("updateMeeting", [id, input]);
    return this.meetings.update(id, clone(input));
  }

  async startMeeting(id: string): Promise<Meeting> {
    this.log("startMeeting", [id]);
    return this.meetings.start(id);
  }

  async captureMeetingItem(meetingId: string, input: CaptureInput): Promise<MeetingItem> {
    this.log("captureMeetingItem", [meetingId, input]);
    return this.meetings.capture(meetingId, clone(input));
  }

  async updateMeetingItem(id: string, input: CaptureInput): Promise<MeetingItem> {
    this.log("updateMeetingItem", [id, input]);
    return this.meetings.updateCapture(id, clone(input));
  }

  async removeMeetingItem(id: string): Promise<Meeting> {
    this.log("removeMeetingItem", [id]);
    return this.meetings.removeCapture(id);
  }

  async setMeetingRecord(id: string, notes: string, decisions: string, attendees: Attendee[]): Promise<Meeting> {
    this.log("setMeetingRecord", [id, notes, decisions, attendees]);
    return this.meetings.setRecord(id, notes, decisions, clone(attendees));
  }

  async finishMeeting(id: string): Promise<Meeting> {
    this.log("finishMeeting", [id]);
    return this.meetings.finish(id);
  }

  async prepareNextMeeting(id: string, meetingDate: string): Promise<Meeting> {
    this.log("prepareNextMeeting", [id, meetingDate]);
    return this.meetings.prepareNext(id, meetingDate);
  }

  // ---- the meeting report and the data-walk pack (memory-report.ts) -------------------

  /** Every report and pack exported, for tests to look at. */
  readonly reports = new MemoryReports({
    initiativeName: (id) => this.initiativeLive(id).row.name,
    meeting: (id) => this.meetings.get(id),
    eventTitle: (id) => this.community.get(id).title,
  });

  async exportReport(initiativeId: string, meetingId: string | null, format: ReportFormat, paper: Paper, path: string): Promise<ReportSummary> {
    this.log("exportReport", [initiativeId, meetingId, format, paper, path]);
    return this.reports.export(initiativeId, meetingId, format, paper, path);
  }

  async exportDataWalk(eventId: string, path: string): Promise<ReportSummary> {
    this.log("exportDataWalk", [eventId, path]);
    return this.reports.exportDataWalk(eventId, path);
  }

  async chooseReportPath(defaultName: string, format: ReportFormat): Promise<string | null> {
    this.log("chooseReportPath", [defaultName, format]);
    return this.exportPath;
  }

  // ---- community input (memory-community.ts) ------------------------------------------

  async listCommunityEvents(initiativeId: string): Promise<CommunityEvent[]> {
    this.log("listCommunityEvents", [initiativeId]);
    return this.community.list(initiativeId);
  }

  async getCommunityEvent(id: string): Promise<CommunityEvent> {
    this.log("getCommunityEvent", [id]);
    return this.community.get(id);
  }

  async communityEventsFor(kind: CommunityTarget, targetId: string): Promise<CommunityEvent[]> {
    this.log("communityEventsFor", [kind, targetId]);
    return this.community.eventsFor(kind, targetId);
  }

  async createCommunityEvent(initiativeId: string, input: CommunityEventInput): Promise<CommunityEvent> {
    this.log("createCommunityEvent", [initiativeId, input]);
    return this.community.create(initiativeId, clone(input));
  }

  async updateCommunityEvent(id: string, input: CommunityEventInput): Promise<CommunityEvent> {
    this.log("updateCommunityEvent", [id, input]);
    return this.community.update(id, clone(input));
  }

  async listCommunityThemes(initiativeId: string): Promise<CommunityTheme[]> {
    this.log("listCommunityThemes", [initiativeId]);
    return this.community.themes(initiativeId);
  }

  async communityTargets(initiativeId: string): Promise<CommunityLink[]> {
    this.log("communityTargets", [initiativeId]);
    return this.community.targets(initiativeId);
  }

  async lastHeard(initiativeId: string): Promise<LastHeard[]> {
    this.log("lastHeard", [initiativeId]);
    return this.community.lastHeard(initiativeId);
  }

  async addDataWalkStation(eventId: string, input: StationInput): Promise<CommunityEvent> {
    this.log("addDataWalkStation", [eventId, input]);
    return this.community.addStation(eventId, input);
  }

  async updateDataWalkStation(id: string, input: StationInput): Promise<CommunityEvent> {
    this.log("updateDataWalkStation", [id, input]);
    return this.community.updateStation(id, input);
  }

  async moveDataWalkStation(id: string, direction: MoveDirection): Promise<CommunityEvent> {
    this.log("moveDataWalkStation", [id, direction]);
    return this.community.moveStation(id, direction);
  }

  async removeDataWalkStation(id: string): Promise<CommunityEvent> {
    this.log("removeDataWalkStation", [id]);
    return this.community.removeStation(id);
  }

  async addDataWalkReaction(stationId: string, input: ReactionInput): Promise<CommunityEvent> {
    this.log("addDataWalkReaction", [stationId, input]);
    return this.community.addReaction(stationId, input);
  }

  async removeDataWalkReaction(id: string): Promise<CommunityEvent> {
    this.log("removeDataWalkReaction", [id]);
    return this.community.removeReaction(id);
  }

  // ---- Turn the Curve worksheets (memory-worksheets.ts) -------------------------------

  async getWorksheet(measureId: string): Promise<Worksheet> {
    this.log("getWorksheet", [measureId]);
    return this.worksheets.get(measureId);
  }

  async saveWorksheet(measureId: string, input: WorksheetInput): Promise<Worksheet> {
    this.log("saveWorksheet", [measureId, input]);
    return this.worksheets.save(measureId, clone(input));
  }

  async worksheetRevisions(measureId: string): Promise<RevisionInfo[]> {
    this.log("worksheetRevisions", [measureId]);
    return this.worksheets.revisions(measureId);
  }

  async worksheetRevision(measureId: string, revision: number): Promise<WorksheetRevision> {
    this.log("worksheetRevision", [measureId, revision]);
    return this.worksheets.revision(measureId, revision);
  }

  async worksheetDiff(measureId: string, from: number, to: number): Promise<RevisionDiff> {
    this.log("worksheetDiff", [measureId, from, to]);
    return this.worksheets.diff(measureId, from, to);
  }


  private storeFor(kind: EntityKind): Map<string, Stored<{ id: string; name?: string }>> | null {
    switch (kind) {
      case "initiative": return this.initiatives;
      case "partner": return this.partners;
      case "result": return this.results;
      case "program": return this.programs;
      case "measure": return this.measures;
      case "observation": return this.observations as unknown as Map<string, Stored<{ id: string }>>;
      default: return null;
    }
  }

  async deleteItem(kind: EntityKind, id: string): Promise<void> {
    this.log("deleteItem", [kind, id]);
    if (kind === "group" || kind === "dimension") return this.groups.delete(kind, id, this.stamp());
    if (kind === "comment") return this.comments.delete(id, this.stamp());
    if (kind === "action") return this.actions.delete(id, this.stamp());
    if (kind === "community_event") return this.community.delete(id, this.stamp());
    if (kind === "meeting") return this.meetings.delete(id, this.stamp());
    if (kind === "partner_role") return this.contributions.remove(id, this.stamp());
    const owned = kind === "partner" && this.partners.get(id)?.deleted_at === null ? this.actions.ownedCount(id) : 0;
    if (owned > 0)
      throw apiError(
        "conflict",
        `This partner owns ${owned} action${owned === 1 ? "" : "s"}: reassign them or keep them with it as a former partner when deleting it`,
      );
    const store = this.storeFor(kind);
    const s = store?.get(id);
    if (!s || s.deleted_at) throw apiError("not_found", `No ${kind} with id ${id}.`);
    s.deleted_at = this.stamp();
  }

  async restoreItem(kind: EntityKind, id: string): Promise<void> {
    this.log("restoreItem", [kind, id]);
    if (kind === "group" || kind === "dimension") return this.groups.restore(kind, id);
    if (kind === "comment") return this.comments.restore(id);
    if (kind === "action") return this.actions.restore(id);
    if (kind === "community_event") return this.community.restore(id);
    if (kind === "meeting") return this.meetings.restore(id);
    if (kind === "partner_role") return this.contributions.restore(id);
    const store = this.storeFor(kind);
    const s = store?.get(id);
    if (!s || !s.deleted_at) throw apiError("not_found", `No ${kind} with id ${id} in the trash.`);
    s.deleted_at = null;
  }

  async listTrash(initiativeId: string | null): Promise<TrashItem[]> {
    this.log("listTrash", [initiativeId]);
    const items: TrashItem[] = [];
    const add = (kind: EntityKind, id: string, name: string, deleted_at: string | null, iid: string | null) => {
      if (deleted_at && (initiativeId === null || iid === initiativeId)) items.push({ kind, id, name, deleted_at, initiative_id: iid });
    };
    for (const s of this.initiatives.values()) add("initiative", s.row.id, s.row.name, s.deleted_at, s.row.id);
    for (const s of this.partners.values()) add("partner", s.row.id, s.row.name, s.deleted_at, s.row.initiative_id);
    for (const s of this.results.values()) add("result", s.row.id, s.row.name, s.deleted_at, s.row.initiative_id);
    for (const s of this.programs.values()) add("program", s.row.id, s.row.name, s.deleted_at, s.row.initiative_id);
    for (const s of this.measures.values()) add("measure", s.row.id, s.row.name, s.deleted_at, s.row.initiative_id);
    items.push(...this.groups.trash(initiativeId));
    items.push(...this.comments.trash(initiativeId));
    items.push(...this.contributions.trash(initiativeId));
    items.push(...this.actions.trash(initiativeId));
    items.push(...this.community.trash(initiativeId));
    items.push(...this.meetings.trash(initiativeId));
    return items.sort((a, b) => b.deleted_at.localeCompare(a.deleted_at));
  }

  // ---- the user's name and comments (memory-comments.ts) ---------------------------

  private commentTargetInitiative(kind: CommentTargetKind, id: string): string | null | undefined {
    if (kind === "measure") {
      const m = this.measures.get(id);
      return m && this.measureVisible(m) ? m.row.initiative_id : null;
    }
    if (kind === "observation") {
      const o = this.observations.get(id);
      const m = o && !o.deleted_at ? this.measures.get(o.row.measure_id) : undefined;
      return m && this.measureVisible(m) ? m.row.initiative_id : null;
    }
    if (kind === "action" && this.actions.initiativeOf(id) !== null) return this.actions.initiativeOf(id);
    const known = this.comments.targets.get(`${kind}:${id}`);
    return known === undefined ? undefined : known;
  }

  async getAuthorName(): Promise<string | null> {
    this.log("getAuthorName", []);
    return this.comments.getAuthorName();
  }

  async setAuthorName(name: string): Promise<string | null> {
    this.log("setAuthorName", [name]);
    return this.comments.setAuthorName(name);
  }

  async addComment(initiativeId: string, target: CommentTarget, body: string): Promise<Comment> {
    this.log("addComment", [initiativeId, target, body]);
    return this.comments.add(initiativeId, target, body);
  }

  async listComments(target: CommentTarget): Promise<Comment[]> {
    this.log("listComments", [target]);
    return this.comments.list(target);
  }

  async resolveComment(id: string): Promise<Comment> {
    this.log("resolveComment", [id]);
    return this.comments.resolve(id);
  }

  async reopenComment(id: string): Promise<Comment> {
    this.log("reopenComment", [id]);
    return this.comments.reopen(id);
  }

  async commentCounts(measureId: string): Promise<CommentCounts> {
    this.log("commentCounts", [measureId]);
    const m = this.measures.get(measureId);
    if (!m || !this.measureVisible(m)) throw apiError("not_found", `measure ${measureId} does not exist`);
    return this.comments.counts(measureId);
  }

  // ---- field sync (memory-sync.ts) ----------------------------------------------------

  async syncStatus(): Promise<SyncStatus> {
    this.log("syncStatus", []);
    return this.sync.status();
  }

  async syncExport(forReplica: string | null, path: string): Promise<SyncExportSummary> {
    this.log("syncExport", [forReplica, path]);
    return this.sync.export(forReplica, path);
  }

  async syncImport(path: string): Promise<SyncImportSummary> {
    this.log("syncImport", [path]);
    return this.sync.import(path);
  }

  async syncConflicts(openOnly: boolean): Promise<Conflict[]> {
    this.log("syncConflicts", [openOnly]);
    return this.sync.list(openOnly);
  }

  async syncResolve(id: string, keep: Keep): Promise<Conflict> {
    this.log("syncResolve", [id, keep]);
    return this.sync.resolve(id, keep);
  }

  async setSyncFolder(path: string | null): Promise<void> {
    this.log("setSyncFolder", [path]);
    this.sync.setFolder(path);
  }

  async syncFolderNow(): Promise<FolderSyncSummary> {
    this.log("syncFolderNow", []);
    return this.sync.folderNow();
  }

  async chooseSyncExportPath(defaultName: string): Promise<string | null> {
    this.log("chooseSyncExportPath", [defaultName]);
    return this.sync.exportPath;
  }

  async chooseSyncImportFile(): Promise<string | null> {
    this.log("chooseSyncImportFile", []);
    return this.sync.importPath;
  }

  async chooseSyncFolder(): Promise<string | null> {
    this.log("chooseSyncFolder", []);
    return this.sync.folderPath;
  }

  // ---- files ----------------------------------------------------------------------

  async backupDatabase(path: string): Promise<void> {
    this.log("backupDatabase", [path]);
    if (!path) throw apiError("invalid_input", "Choose where to save the backup.", "path");
    this.backups.push(path);
  }

  async openDatabase(path: string): Promise<AppInfo> {
    this.log("openDatabase", [path]);
    if (!path) throw apiError("invalid_input", "Choose a database file.", "path");
    this.dbPath = path;
    return this.appInfo();
  }

  async chooseBackupPath(): Promise<string | null> {
    return this.backupPath;
  }

  async chooseDatabaseToOpen(): Promise<string | null> {
    return this.openPath;
  }

  // ---- import (files registered by tests; see memory-transfer.ts) ------------------

  /** Says what the core would answer for `path`: its summary and the progress it reports. */
  registerImportFile(path: string, summary: Partial<ImportSummary>, progress: Progress[] = []): void {
    this.importFiles.set(path, { summary: importSummary({ file: baseName(path), ...clone(summary) }), progress: clone(progress) });
  }

  /**
   * Holds every preview and import at its end (after the progress reports) until the
   * returned function is called, so tests can look at the screen while one runs.
   */
  holdImports(): () => void {
    let release = () => {};
    this.importGate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.importGate = null;
      release();
    };
  }

  private summaryFor(path: string, options: ImportOptions, dryRun: boolean): ImportSummary {
    const known = this.importFiles.get(path);
    if (!known) return missingFile(path, dryRun);
    const summary = { ...clone(known.summary), dry_run: dryRun, imported: false, import_id: null };
    if (summary.errors.length > 0 || summary.format === "bundle") return summary;
    const live = [...this.initiatives.values()].filter((s) => !s.deleted_at).map((s) => s.row);
    const where = resolveInitiative(options.initiative, live);
    return { ...summary, initiative_id: where.id, initiative_name: where.name, initiative_created: where.created };
  }

  private async finishRun(): Promise<void> {
    if (this.importGate) await this.importGate;
    if (this.cancelRequested) throw apiError("cancelled", "cancelled; nothing was written");
  }

  async previewImport(path: string, options: ImportOptions): Promise<ImportSummary> {
    this.log("previewImport", [path, options]);
    this.cancelRequested = false;
    const summary = this.summaryFor(path, options, true);
    await this.finishRun();
    return summary;
  }

  async runImport(path: string, options: ImportOptions, onProgress: (p: Progress) => void): Promise<ImportSummary> {
    this.log("runImport", [path, options]);
    this.cancelRequested = false;
    const summary = this.summaryFor(path, options, false);
    if (summary.errors.length > 0) return summary;
    for (const p of this.importFiles.get(path)?.progress ?? []) onProgress(clone(p));
    await this.finishRun();
    const mark = this.calls.length;
    let initiativeId = summary.initiative_id;
    if (!initiativeId) {
      const name = summary.initiative_name ?? "Imported data";
      const created = await this.createInitiative({ name, shared_result: "", geography: "", sectoral_home: "other", backbone_org: "", equity_statement: "" });
      initiativeId = created.id;
    }
    if (summary.measures_created.length > 0) {
      const results = await this.listResults(initiativeId);
      const home = results.find((r) => r.name === "Imported data") ?? (await this.createResult(initiativeId, { name: "Imported data", description: "" }));
      for (const name of summary.measures_created) {
        await this.createMeasure(initiativeId, {
          kind: "indicator", result_id: home.id, program_id: null, category: null, name, definition: "",
          unit: options.unit ?? "number", rate_per: null, polarity: options.polarity ?? "higher", calendar: options.calendar ?? "year",
          calendar_start_month: null, baseline_period: null, data_source: summary.file, headline: false, data_development: false, cumulative: false,
        });
      }
    }
    this.calls.length = mark; // what the import wrote is part of this call
    const done = { ...summary, initiative_id: initiativeId, imported: true, import_id: this.id("import") };
    this.imports.push(clone(done));
    return done;
  }

  async cancelImport(): Promise<void> {
    this.log("cancelImport", []);
    this.cancelRequested = true;
  }

  async chooseImportFile(): Promise<string | null> {
    this.log("chooseImportFile", []);
    return this.importPath;
  }

  // ---- export ---------------------------------------------------------------------

  async exportInitiative(initiativeId: string, format: ExportFormat, path: string): Promise<ExportReport> {
    this.log("exportInitiative", [initiativeId, format, path]);
    const initiative = this.initiativeLive(initiativeId).row;
    if (!path.trim()) throw apiError("invalid_input", "Choose where to save the export.", "path");
    const own = <T extends { initiative_id: string }>(map: Map<string, Stored<T>>) => [...map.values()].filter((s) => s.row.initiative_id === initiativeId);
    const measures = own(this.measures);
    const ids = new Set(measures.map((m) => m.row.id));
    const values = [...this.observations.values()].filter((o) => ids.has(o.row.measure_id));
    const report = exportReport(initiative, format, path, {
      values: values.filter((o) => !o.deleted_at).length,
      measures: measures.filter((m) => !m.deleted_at).map((m) => m.row.name),
      tables: [
        { table: "initiatives", rows: 1 },
        { table: "partners", rows: own(this.partners).length },
        { table: "results", rows: own(this.results).length },
        { table: "programs", rows: own(this.programs).length },
        { table: "measures", rows: measures.length },
        { table: "observations", rows: values.length },
      ],
    });
    this.initiativeExports.push(clone(report));
    return report;
  }

  async chooseExportPath(format: ExportFormat, defaultName: string): Promise<string | null> {
    this.log("chooseExportPath", [format, defaultName]);
    return this.exportPath;
  }

  // ---- backups (snapshots of the memory store) -------------------------------------

  private snapshot(): Snapshot {
    return clone({
      initiatives: this.initiatives, partners: this.partners, results: this.results, programs: this.programs,
      measures: this.measures, observations: this.observations, dimensions: this.dimensions, figures: this.figures,
    });
  }

  /** Puts a backup of `kind` into the backups folder, holding the store as it is now. */
  addBackup(kind: BackupKind, at: Date = this.now()): BackupInfo {
    const folder = backupsFolderOf(this.dbPath);
    const taken = this.backupFiles.map((b) => b.info.file_name);
    const size = 4096 * (8 + this.observations.size);
    const info = backupInfo(folder, kind, at, taken, size);
    this.backupFiles.push({ info, snapshot: this.snapshot() });
    this.backupFiles.sort((a, b) => b.info.created_at.localeCompare(a.info.created_at));
    return clone(info);
  }

  async backupsFolder(): Promise<string | null> {
    this.log("backupsFolder", []);
    return backupsFolderOf(this.dbPath);
  }

  async listBackups(): Promise<BackupInfo[]> {
    this.log("listBackups", []);
    return this.backupFiles.map((b) => clone(b.info));
  }

  async backupNow(): Promise<BackupInfo> {
    this.log("backupNow", []);
    return this.addBackup("manual");
  }

  async restoreDatabase(path: string): Promise<RestoreReport> {
    this.log("restoreDatabase", [path]);
    const found = this.backupFiles.find((b) => b.info.path === path);
    if (!found) throw apiError("io", `${path}: No such file or directory (os error 2)`);
    const before = this.addBackup("before_restore");
    const s = clone(found.snapshot);
    this.initiatives = s.initiatives;
    this.partners = s.partners;
    this.results = s.results;
    this.programs = s.programs;
    this.measures = s.measures;
    this.observations = s.observations;
    this.dimensions = s.dimensions;
    this.figures = s.figures;
    const live = <T>(map: Map<string, Stored<T>>) => [...map.values()].filter((x) => !x.deleted_at).length;
    return {
      database: this.dbPath,
      restored_from: path,
      before_restore: before,
      from_schema_version: 1,
      schema_version: 1,
      initiatives: live(this.initiatives),
      observations: live(this.observations),
    };
  }

  async chooseBackupToRestore(): Promise<string | null> {
    this.log("chooseBackupToRestore", []);
    return this.restorePath;
  }

  // ---- sample ---------------------------------------------------------------------

  /** A small fictional initiative shaped like DOMAIN.md's sample. */
  async seedSample(): Promise<Initiative> {
    const mark = this.calls.length;
    const ini = await this.createInitiative(
      {
        name: "Riverbend Cradle to Career (sample)",
        shared_result: "Every young person in Riverbend County graduates ready for college and career.",
        geography: "Riverbend County",
        sectoral_home: "co_led",
        backbone_org: "Riverbend Community Foundation",
        equity_statement: "We disaggregate every indicator by race and ethnicity and track the gaps as closely as the averages.",
      },
      true,
    );
    const county = await this.createPartner(ini.id, { name: "Riverbend County Office of Education", sector: "public", tier: "strategic", contact_name: "Dana Ruiz", contact_email: "dana@example.org", contact_phone: "", notes: "" });
    await this.createPartner(ini.id, { name: "Riverbend Community Foundation", sector: "philanthropy", tier: "strategic", contact_name: "", contact_email: "", contact_phone: "", notes: "" });
    const literacy = await this.createPartner(ini.id, { name: "Literacy Alliance", sector: "nonprofit", tier: "mid_tier", contact_name: "", contact_email: "", contact_phone: "", notes: "" });
    const ready = await this.createResult(ini.id, { name: "Children enter kindergarten ready to learn", description: "" });
    const grad = await this.createResult(ini.id, { name: "Young people graduate ready for college and career", description: "" });
    const base = { program_id: null, category: null, definition: "", rate_per: null, polarity: "higher" as const, calendar_start_month: null, baseline_period: null, data_source: "State education department", data_development: false, cumulative: false };
    const kr = await this.createMeasure(ini.id, { ...base, kind: "indicator", result_id: ready.id, name: "Kindergarten readiness", unit: "percent", calendar: "school_year", headline: true });
    const gr = await this.createMeasure(ini.id, { ...base, kind: "indicator", result_id: grad.id, name: "High-school graduation rate", unit: "percent", calendar: "school_year", headline: true });
    const tutoring = await this.createProgram(ini.id, { name: "Reading tutors", description: "After-school reading tutoring in grades 1-3.", lead_partner_id: literacy.id, result_ids: [ready.id], contributor_ids: [county.id] });
    await this.createMeasure(ini.id, { ...base, kind: "performance", result_id: null, program_id: tutoring.id, category: "how_much", name: "Students tutored", unit: "number", calendar: "school_year", headline: false, data_source: "Program records" });
    this.addDimension(ini.id, "Race/ethnicity", ["Black", "Hispanic/Latino", "White"]);
    const years = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"];
    await this.saveObservations(kr.id, years.map((p, i) => ({ period: p, group_ids: [], value: String([48.2, 44.1, 46.5, 49.8, 52.3][i]), target: null, target_low: null, target_high: null, note: i === 1 ? "Pandemic year: assessment given online." : null, suppressed: null })));
    await this.saveObservations(gr.id, years.map((p, i) => ({ period: p, group_ids: [], value: String([78.4, 79.0, 80.2, 81.5, 82.1][i]), target: String(80 + i), target_low: null, target_high: null, note: null, suppressed: null })));
    // Hand-made figures, worked out by hand from DOMAIN.md for the values above.
    this.setFigures(kr.id, {
      baseline: 48.2, baseline_period: "2019-20", baseline_change_pct: 8.506224066390041,
      trend_direction: "up", trend_count: 3, trend_good: true, status: "no_target", current_data: true,
      why: { target: "no target set for 2023-24", next_target: "no target set after 2023-24", variance_from_target_pct: "no target", progress_to_target_pct: "no target" },
    });
    this.setFigures(gr.id, {
      target: 84, baseline: 78.4, baseline_period: "2019-20", baseline_change_pct: 4.719387755102027,
      variance_from_target_pct: -2.2619047619047668, progress_to_target_pct: 66.07142857142847,
      trend_direction: "up", trend_count: 4, trend_good: true, status: "off_track", current_data: true,
      why: { next_target: "no target set after 2023-24" },
    });
    this.calls.length = mark; // seeding is not something the UI did
    return clone(this.initiativeLive(ini.id).row);
  }
}
