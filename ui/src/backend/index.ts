/**
 * The one seam between the UI and whatever stores the data (GitButler's `IBackend`).
 *
 * - `tauri.ts` talks to the desktop shell (the only file importing `@tauri-apps/*`);
 * - `memory.ts` is an in-memory store for component tests.
 *
 * One method per Tauri command, same order as the command list. Every method rejects
 * with an {@link ApiError}; nothing else is thrown across this seam.
 */
import type { Action } from "../bindings/Action";
import type { ActionFilter } from "../bindings/ActionFilter";
import type { ActionInput } from "../bindings/ActionInput";
import type { ActionStatus } from "../bindings/ActionStatus";
import type { ApiError } from "../bindings/ApiError";
import type { AppInfo } from "../bindings/AppInfo";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { ChartSize } from "../bindings/ChartSize";
import type { Comment } from "../bindings/Comment";
import type { CommunityEvent } from "../bindings/CommunityEvent";
import type { CommunityEventInput } from "../bindings/CommunityEventInput";
import type { CommunityLink } from "../bindings/CommunityLink";
import type { CommunityTarget } from "../bindings/CommunityTarget";
import type { CommunityTheme } from "../bindings/CommunityTheme";
import type { LastHeard } from "../bindings/LastHeard";
import type { ReactionInput } from "../bindings/ReactionInput";
import type { StationInput } from "../bindings/StationInput";
import type { ContributionsMatrix } from "../bindings/ContributionsMatrix";
import type { CommentCounts } from "../bindings/CommentCounts";
import type { CommentTarget } from "../bindings/CommentTarget";
import type { Dimension } from "../bindings/Dimension";
import type { EntityKind } from "../bindings/EntityKind";
import type { EquityFigures } from "../bindings/EquityFigures";
import type { EquitySummary } from "../bindings/EquitySummary";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportReport } from "../bindings/ExportReport";
import type { GapSeriesSet } from "../bindings/GapSeriesSet";
import type { GridRow } from "../bindings/GridRow";
import type { Group } from "../bindings/Group";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { Initiative } from "../bindings/Initiative";
import type { InitiativeInput } from "../bindings/InitiativeInput";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { Measure } from "../bindings/Measure";
import type { MeasureDimension } from "../bindings/MeasureDimension";
import type { MeasureInput } from "../bindings/MeasureInput";
import type { MeasureStat } from "../bindings/MeasureStat";
import type { AgendaItem } from "../bindings/AgendaItem";
import type { Attendee } from "../bindings/Attendee";
import type { CaptureInput } from "../bindings/CaptureInput";
import type { Meeting } from "../bindings/Meeting";
import type { MeetingInput } from "../bindings/MeetingInput";
import type { MeetingItem } from "../bindings/MeetingItem";
import type { MergeReport } from "../bindings/MergeReport";
import type { Paper } from "../bindings/Paper";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ReportSummary } from "../bindings/ReportSummary";
import type { MoveDirection } from "../bindings/MoveDirection";
import type { ObservationEdit } from "../bindings/ObservationEdit";
import type { OwnedActions } from "../bindings/OwnedActions";
import type { Partner } from "../bindings/Partner";
import type { PartnerInput } from "../bindings/PartnerInput";
import type { PartnerProfile } from "../bindings/PartnerProfile";
import type { PartnerRole } from "../bindings/PartnerRole";
import type { PeriodInfo } from "../bindings/PeriodInfo";
import type { PopulationResult } from "../bindings/PopulationResult";
import type { Program } from "../bindings/Program";
import type { ProgramInput } from "../bindings/ProgramInput";
import type { Progress } from "../bindings/Progress";
import type { RenderedChart } from "../bindings/RenderedChart";
import type { RestoreReport } from "../bindings/RestoreReport";
import type { ResultInput } from "../bindings/ResultInput";
import type { ResultPartner } from "../bindings/ResultPartner";
import type { RoleKind } from "../bindings/RoleKind";
import type { RoleTarget } from "../bindings/RoleTarget";
import type { RoleTier } from "../bindings/RoleTier";
import type { SaveReport } from "../bindings/SaveReport";
import type { Scorecard } from "../bindings/Scorecard";
import type { SparklineSvg } from "../bindings/SparklineSvg";
import type { TrashItem } from "../bindings/TrashItem";
import type { RevisionDiff } from "../bindings/RevisionDiff";
import type { RevisionInfo } from "../bindings/RevisionInfo";
import type { Worksheet } from "../bindings/Worksheet";
import type { WorksheetInput } from "../bindings/WorksheetInput";
import type { WorksheetRevision } from "../bindings/WorksheetRevision";
import type { Conflict } from "../bindings/Conflict";
import type { FolderSyncSummary } from "../bindings/FolderSyncSummary";
import type { Keep } from "../bindings/Keep";
import type { SyncExportSummary } from "../bindings/SyncExportSummary";
import type { SyncImportSummary } from "../bindings/SyncImportSummary";
import type { SyncStatus } from "../bindings/SyncStatus";

export type { ApiError };

export interface Backend {
  appInfo(): Promise<AppInfo>;
  listInitiatives(): Promise<Initiative[]>;
  getInitiative(id: string): Promise<Initiative>;
  createInitiative(input: InitiativeInput): Promise<Initiative>;
  updateInitiative(id: string, input: InitiativeInput): Promise<Initiative>;
  loadSample(): Promise<Initiative>;
  /** Removes the sample initiative for good; resolves to the number of rows removed. */
  removeSample(): Promise<number>;

  listPartners(initiativeId: string): Promise<Partner[]>;
  createPartner(initiativeId: string, input: PartnerInput): Promise<Partner>;
  updatePartner(id: string, input: PartnerInput): Promise<Partner>;

  // ---- actions (delete / restore an action: deleteItem("action", id)) ----
  /** An initiative's live actions passing the filter (default: open ones), by due date, undated last. */
  listActions(initiativeId: string, filter: ActionFilter): Promise<Action[]>;
  getAction(id: string): Promise<Action>;
  createAction(initiativeId: string, input: ActionInput): Promise<Action>;
  /** Edits an action; a new status is logged as a status update (dated today) too. */
  updateAction(id: string, input: ActionInput): Promise<Action>;
  /** Posts a status update (dated today, under the user's name) and sets the status. */
  addActionUpdate(actionId: string, status: ActionStatus, comment: string): Promise<Action>;
  /** The live actions linked to a measure, result or program (open and closed). */
  actionsFor(kind: LinkTarget, targetId: string): Promise<Action[]>;
  /**
   * Moves a partner to the trash, reassigning the live actions it owns or keeping them with
   * it as a former partner (deleteItem("partner", id) rejects with `conflict` while it owns any).
   */
  deletePartnerWithActions(partnerId: string, owned: OwnedActions): Promise<void>;

  // ---- partner meetings (delete / restore: deleteItem("meeting", id)) ----
  /** An initiative's live meetings, newest date first. */
  listMeetings(initiativeId: string): Promise<Meeting[]>;
  getMeeting(id: string): Promise<Meeting>;
  /** The agenda offered for a new meeting: roll-up, each result's scorecard, equity, open actions. */
  defaultAgenda(initiativeId: string): Promise<AgendaItem[]>;
  /** Plans a meeting; every slide's target must be live in the initiative. */
  createMeeting(initiativeId: string, input: MeetingInput): Promise<Meeting>;
  /** Edits title, date, place, agenda and attendees (until it is finished: else `conflict`). */
  updateMeeting(id: string, input: MeetingInput): Promise<Meeting>;
  /** Meeting mode begins: status in_progress. */
  startMeeting(id: string): Promise<Meeting>;
  /** Captures a note, decision, action or idea (an action or idea takes its slide's measure). */
  captureMeetingItem(meetingId: string, input: CaptureInput): Promise<MeetingItem>;
  updateMeetingItem(id: string, input: CaptureInput): Promise<MeetingItem>;
  removeMeetingItem(id: string): Promise<Meeting>;
  /** The record's notes, decisions and attendees (also after the meeting). */
  setMeetingRecord(id: string, notes: string, decisions: string, attendees: Attendee[]): Promise<Meeting>;
  /** Files each action and idea and finishes the meeting, all at once; twice is a `conflict`. */
  finishMeeting(id: string): Promise<Meeting>;
  /** A planned meeting on `meetingDate` with the same agenda and partners. */
  prepareNextMeeting(id: string, meetingDate: string): Promise<Meeting>;

  // ---- the meeting report and the data-walk pack ----
  /**
   * Writes the initiative's report, or a meeting's pack when `meetingId` is given, to `path`
   * as self-contained HTML or a PDF on `paper` (atomically).
   */
  exportReport(initiativeId: string, meetingId: string | null, format: ReportFormat, paper: Paper, path: string): Promise<ReportSummary>;
  /** Writes a data walk's printable and projectable pack (HTML) to `path`. */
  exportDataWalk(eventId: string, path: string): Promise<ReportSummary>;
  /** Native "save as" dialog for a report or pack; null when the user cancels. */
  chooseReportPath(defaultName: string, format: ReportFormat): Promise<string | null>;

  // ---- community input (delete / restore an event: deleteItem("community_event", id)) ----
  /** An initiative's live community events, newest first. */
  listCommunityEvents(initiativeId: string): Promise<CommunityEvent[]>;
  getCommunityEvent(id: string): Promise<CommunityEvent>;
  /** The live events linked to a target, newest first (a measure and its worksheet count as one). */
  communityEventsFor(kind: CommunityTarget, targetId: string): Promise<CommunityEvent[]>;
  /** Adds an event; themes named but not yet known are made (unique by name, any case). */
  createCommunityEvent(initiativeId: string, input: CommunityEventInput): Promise<CommunityEvent>;
  updateCommunityEvent(id: string, input: CommunityEventInput): Promise<CommunityEvent>;
  /** The initiative's themes by name, with how many live events heard each. */
  listCommunityThemes(initiativeId: string): Promise<CommunityTheme[]>;
  /** Everything input can be linked to: results, measures, saved worksheets, actions. */
  communityTargets(initiativeId: string): Promise<CommunityLink[]>;
  /** Per result: the latest live event about it, its indicators, their worksheets or actions. */
  lastHeard(initiativeId: string): Promise<LastHeard[]>;
  /** Adds a station at the end of a data walk (only a data_walk event has stations). */
  addDataWalkStation(eventId: string, input: StationInput): Promise<CommunityEvent>;
  updateDataWalkStation(id: string, input: StationInput): Promise<CommunityEvent>;
  moveDataWalkStation(id: string, direction: MoveDirection): Promise<CommunityEvent>;
  removeDataWalkStation(id: string): Promise<CommunityEvent>;
  /** Records a resident's reaction at a station. */
  addDataWalkReaction(stationId: string, input: ReactionInput): Promise<CommunityEvent>;
  removeDataWalkReaction(id: string): Promise<CommunityEvent>;

  // ---- partners' roles and contributions (a role to the trash: removePartnerRole) ----
  /** A partner's programs (lead/contributor), roles on results and measures, open actions. */
  partnerProfile(partnerId: string): Promise<PartnerProfile>;
  /** Partners with a role on a result, on its indicators, or on programs serving it. */
  resultPartners(resultId: string): Promise<ResultPartner[]>;
  /** Gives a partner a role ("partner") on a result or measure, or edits its words and tier. */
  setPartnerRole(partnerId: string, targetKind: RoleTarget, targetId: string, role: RoleKind, description: string, tier: RoleTier | null): Promise<PartnerRole>;
  /** Moves a role on a result or measure to the trash. */
  removePartnerRole(roleId: string): Promise<void>;
  /** Partners × results then programs, each cell the roles held there. */
  contributionsMatrix(initiativeId: string): Promise<ContributionsMatrix>;
  /** Writes the matrix as CSV to `path`; returns the number of partner rows. */
  exportContributions(initiativeId: string, path: string): Promise<number>;
  /** Native "save as" dialog for the contributions CSV; null when the user cancels. */
  chooseContributionsPath(defaultName: string): Promise<string | null>;

  listResults(initiativeId: string): Promise<PopulationResult[]>;
  createResult(initiativeId: string, input: ResultInput): Promise<PopulationResult>;
  updateResult(id: string, input: ResultInput): Promise<PopulationResult>;

  listPrograms(initiativeId: string): Promise<Program[]>;
  createProgram(initiativeId: string, input: ProgramInput): Promise<Program>;
  updateProgram(id: string, input: ProgramInput): Promise<Program>;

  listMeasures(initiativeId: string): Promise<Measure[]>;
  createMeasure(initiativeId: string, input: MeasureInput): Promise<Measure>;
  updateMeasure(id: string, input: MeasureInput): Promise<Measure>;
  measureStats(initiativeId: string): Promise<MeasureStat[]>;

  listDimensions(initiativeId: string): Promise<Dimension[]>;
  /** The Groups screen. Names and aliases are unique (trimmed, any case) in a dimension. */
  createDimension(initiativeId: string, name: string, kind: string): Promise<Dimension>;
  renameDimension(id: string, name: string): Promise<Dimension>;
  setDimensionKind(id: string, kind: string): Promise<Dimension>;
  /** Resolves to the initiative's dimensions in their new order. */
  moveDimension(id: string, direction: MoveDirection): Promise<Dimension[]>;
  createGroup(dimensionId: string, name: string): Promise<Group>;
  renameGroup(id: string, name: string): Promise<Dimension>;
  /** null: no reference group (the figures use the most favourable group each period). */
  setReferenceGroup(dimensionId: string, groupId: string | null): Promise<Dimension>;
  moveGroup(id: string, direction: MoveDirection): Promise<Dimension>;
  addGroupAlias(groupId: string, alias: string): Promise<Dimension>;
  removeGroupAlias(aliasId: string): Promise<Dimension>;
  /**
   * Merges group `fromId` into `intoId`: its values move, its name becomes an alias, it goes
   * to the trash. Rejects with `conflict` (nothing changed) when values differ; a dry run
   * only reports what would happen.
   */
  mergeGroups(fromId: string, intoId: string, dryRun: boolean): Promise<MergeReport>;

  measureGrid(measureId: string, groupIds: string[]): Promise<GridRow[]>;
  periodsAfter(measureId: string, period: string, count: number): Promise<PeriodInfo[]>;
  /** All or nothing: on any bad cell it rejects with `invalid_input` and saves nothing. */
  saveObservations(measureId: string, edits: ObservationEdit[]): Promise<SaveReport>;

  /** The scorecard of an initiative; `asOf` is a period label or date (null: now). */
  scorecard(initiativeId: string, asOf: string | null): Promise<Scorecard>;

  deleteItem(kind: EntityKind, id: string): Promise<void>;
  restoreItem(kind: EntityKind, id: string): Promise<void>;
  listTrash(initiativeId: string | null): Promise<TrashItem[]>;

  backupDatabase(path: string): Promise<void>;
  openDatabase(path: string): Promise<AppInfo>;

  /** A measure's trend chart as SVG (every label escaped by the core), with others on the same axis. */
  measureChart(measureId: string, size: ChartSize, compareIds: string[] | null): Promise<RenderedChart>;
  /** One sparkline per measure of the initiative. */
  sparklines(initiativeId: string): Promise<SparklineSvg[]>;
  /** Writes the chart to `path`: SVG or PNG by its extension; `scale` (1 or 2) for PNG. */
  exportChart(measureId: string, path: string, size: ChartSize, scale: number | null, compareIds: string[] | null): Promise<void>;

  // ---- equity lens (DOMAIN.md "Equity lens"; undefined figures are null with a reason in `why`) ----
  /** The dimensions the measure has values for by group (empty: no disaggregated data). */
  measureDimensions(measureId: string): Promise<MeasureDimension[]>;
  /** Each group's figures for a dimension (null: the first) and period (null: the latest). */
  equityFigures(measureId: string, dimensionId: string | null, period: string | null): Promise<EquityFigures>;
  /** The gap between each group and the reference over time, with a sentence each. */
  gapSeries(measureId: string, dimensionId: string | null): Promise<GapSeriesSet>;
  /** Every measure of the initiative with disaggregated data, and the gaps-closing roll-ups. */
  equitySummary(initiativeId: string): Promise<EquitySummary>;
  /** The chart of every group's curve (SVG drawn by the core). */
  groupChart(measureId: string, dimensionId: string | null, size: ChartSize): Promise<RenderedChart>;
  /** The chart of each group's gap to the reference (SVG drawn by the core). */
  gapChart(measureId: string, dimensionId: string | null, size: ChartSize): Promise<RenderedChart>;

  // ---- Turn the Curve worksheets (one per measure; every save is a revision) ----
  /** A measure's worksheet as it is now (an empty one, revision 0, before the first save). */
  getWorksheet(measureId: string): Promise<Worksheet>;
  /** Saves it as a new revision (none when nothing changed); partners become partner roles. */
  saveWorksheet(measureId: string, input: WorksheetInput): Promise<Worksheet>;
  /** The worksheet's history, newest first, each with what it changed. */
  worksheetRevisions(measureId: string): Promise<RevisionInfo[]>;
  /** One revision, whole. */
  worksheetRevision(measureId: string, revision: number): Promise<WorksheetRevision>;
  /** What changed from revision `from` to revision `to`, section by section. */
  worksheetDiff(measureId: string, from: number, to: number): Promise<RevisionDiff>;

  /**
   * What importing the file at `path` would do (the core's dry run: everything is checked,
   * nothing is written). Problems with the file are in the summary's `errors`; the promise
   * rejects only when the store fails or the preview is cancelled (`cancelled`).
   */
  previewImport(path: string, options: ImportOptions): Promise<ImportSummary>;
  /**
   * Imports the file, all or nothing; `onProgress` hears every progress report. Rejects
   * with `cancelled` (nothing written) after `cancelImport()`.
   */
  runImport(path: string, options: ImportOptions, onProgress: (p: Progress) => void): Promise<ImportSummary>;
  /** Stops the running import or preview. */
  cancelImport(): Promise<void>;

  /** Writes the initiative to `path` as CSV, an Excel workbook or a JSON bundle. */
  exportInitiative(initiativeId: string, format: ExportFormat, path: string): Promise<ExportReport>;

  /** The folder automatic and "Back up now" backups go to (null for an in-memory database). */
  backupsFolder(): Promise<string | null>;
  /** Every backup in the backups folder, newest first. */
  listBackups(): Promise<BackupInfo[]>;
  /** Writes a backup into the backups folder now. */
  backupNow(): Promise<BackupInfo>;
  /**
   * Replaces the database's content with the backup at `path`; the current content is kept
   * as a "before restore" backup. Everything shown must be reloaded afterwards.
   */
  restoreDatabase(path: string): Promise<RestoreReport>;

  // ---- the user's name and comments (delete / restore a comment: deleteItem("comment", id)) ----
  /** The user's name from Settings; null when unset (the system's user name is recorded). */
  getAuthorName(): Promise<string | null>;
  /** Sets the user's name (trimmed, at most 100 characters); "" clears it. */
  setAuthorName(name: string): Promise<string | null>;
  /** Writes a comment on a live value, measure, worksheet section or action of the initiative. */
  addComment(initiativeId: string, target: CommentTarget, body: string): Promise<Comment>;
  /** The comments on a target, oldest first, resolved ones included. */
  listComments(target: CommentTarget): Promise<Comment[]>;
  resolveComment(id: string): Promise<Comment>;
  reopenComment(id: string): Promise<Comment>;
  /** Open and resolved comments on a measure and on each of its values (grid markers). */
  commentCounts(measureId: string): Promise<CommentCounts>;

  /** Native "open" dialog for a file to import (CSV, XLSX, JSON); null when the user cancels. */
  chooseImportFile(): Promise<string | null>;
  /** Native "save as" dialog for an export in `format`; null when the user cancels. */
  chooseExportPath(format: ExportFormat, defaultName: string): Promise<string | null>;
  /** Native "open" dialog for a backup to restore; null when the user cancels. */
  chooseBackupToRestore(): Promise<string | null>;
  /** Native "save as" dialog for a backup; null when the user cancels. */
  chooseBackupPath(): Promise<string | null>;
  /** Native "open" dialog for a database file; null when the user cancels. */
  chooseDatabaseToOpen(): Promise<string | null>;
  /** Native "save as" dialog for a chart (SVG or PNG); null when the user cancels. */
  chooseChartPath(defaultName: string): Promise<string | null>;

  // ---- field sync between laptops (change files, the sync folder, conflicts) ----------
  /** This laptop's replica id and name, its sync folder, peers, latest exchanges, open conflicts. */
  syncStatus(): Promise<SyncStatus>;
  /** Writes the changes `forReplica` has not seen (null: every change, for anyone) to `path`. */
  syncExport(forReplica: string | null, path: string): Promise<SyncExportSummary>;
  /**
   * Applies a change file, all or nothing. A damaged, truncated, tampered or newer file
   * rejects with `invalid_input` (field "file") naming it; this laptop's own file is ignored.
   */
  syncImport(path: string): Promise<SyncImportSummary>;
  /** The conflicts (open ones only, or all), newest first. */
  syncConflicts(openOnly: boolean): Promise<Conflict[]>;
  /** Keeps one side (or a value of the person's own) and closes the conflict here and, once sent, everywhere. */
  syncResolve(id: string, keep: Keep): Promise<Conflict>;
  /** Chooses the sync folder (null forgets it). */
  setSyncFolder(path: string | null): Promise<void>;
  /** Reads the other laptops' files in the sync folder, then writes this laptop's own there. */
  syncFolderNow(): Promise<FolderSyncSummary>;
  /** Native "save as" dialog for a change file; null when the user cancels. */
  chooseSyncExportPath(defaultName: string): Promise<string | null>;
  /** Native "open" dialog for a change file; null when the user cancels. */
  chooseSyncImportFile(): Promise<string | null>;
  /** Native folder chooser for the sync folder; null when the user cancels. */
  chooseSyncFolder(): Promise<string | null>;

  // ---- meeting mode on a second screen ------------------------------------------------
  /** How many monitors are connected. */
  screens(): Promise<{ count: number }>;
  /**
   * Opens the audience window (slides only) full screen on a monitor other than this
   * window's; `onclosed` runs when that window goes away (closed by the user or by us).
   */
  openAudienceWindow(meetingId: string, index: number, theme: SlideTheme, onclosed: () => void): Promise<void>;
  /** Closes the audience window, if open. */
  closeAudienceWindow(): Promise<void>;
  /** Tells the audience window which slide and theme to show. */
  showSlide(index: number, theme: SlideTheme): Promise<void>;
  /** In the audience window: follows the presenter's `showSlide`; resolves to "stop following". */
  followSlides(handler: (index: number, theme: SlideTheme) => void): Promise<() => void>;
}

export type SlideTheme = "dark" | "light";

const ERROR_CODES: readonly ErrorCode[] = [
  "invalid_input",
  "not_found",
  "not_backbone",
  "schema_too_new",
  "conflict",
  "io",
  "database",
  "cancelled",
  "internal",
  "invalid_request",
];

/** True when `e` has the `{code, message, field}` shape the core sends. */
export function isApiError(e: unknown): e is ApiError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(o.code) &&
    typeof o.message === "string" &&
    (o.field === null || typeof o.field === "string")
  );
}

/**
 * Anything thrown across the seam, as an ApiError. Tauri's own argument errors are bare
 * strings; a JS exception keeps its message.
 */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (typeof e === "object" && e !== null) {
    const o = e as Record<string, unknown>;
    // A core error whose field was left out (undefined) still counts.
    if (typeof o.code === "string" && typeof o.message === "string" &&
        (ERROR_CODES as readonly string[]).includes(o.code) && o.field === undefined) {
      return { code: o.code as ErrorCode, message: o.message, field: null };
    }
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: "invalid_request", message, field: null };
}

export function apiError(code: ErrorCode, message: string, field: string | null = null): ApiError {
  return { code, message, field };
}

let current: Backend | null = null;

/** Installs the backend the app talks to (main.ts: Tauri; tests: memory). */
export function setBackend(backend: Backend): void {
  current = backend;
}

export function getBackend(): Backend {
  if (!current) throw new Error("No backend installed: call setBackend() first.");
  return current;
}
