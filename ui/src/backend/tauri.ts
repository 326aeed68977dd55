/**
 * The desktop backend: each method invokes one Tauri command of the same name.
 * This is the ONLY file that imports `@tauri-apps/*`.
 *
 * Argument keys are snake_case exactly as the Rust command parameters are named
 * (the commands are declared with `rename_all = "snake_case"`).
 */
import { Channel, invoke } from "@tauri-apps/api/core";
import { emitTo, listen } from "@tauri-apps/api/event";
import { WebviewWindow } from "@tauri-apps/api/webviewWindow";
import { availableMonitors, currentMonitor } from "@tauri-apps/api/window";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { Progress } from "../bindings/Progress";
import { toApiError, type Backend, type SlideTheme } from "./index";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

const DB_FILTERS = [{ name: "Backbone database", extensions: ["backbone", "sqlite"] }];
const CHART_FILTERS = [
  { name: "SVG image", extensions: ["svg"] },
  { name: "PNG image", extensions: ["png"] },
];

const IMPORT_FILTERS = [
  { name: "Data files (CSV, Excel, JSON bundle)", extensions: ["csv", "xlsx", "json"] },
  { name: "CSV", extensions: ["csv"] },
  { name: "Excel workbook", extensions: ["xlsx"] },
  { name: "Backbone JSON bundle", extensions: ["json"] },
];
const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }[]> = {
  csv: [{ name: "CSV (Backbone long format)", extensions: ["csv"] }],
  xlsx: [{ name: "Excel workbook", extensions: ["xlsx"] }],
  json: [{ name: "Backbone JSON bundle", extensions: ["json"] }],
};
const SYNC_FILTERS = [{ name: "Backbone change file", extensions: ["bbsync"] }];
const RESTORE_FILTERS = [{ name: "Backbone database or backup", extensions: ["sqlite", "backbone", "db"] }];

/** A native dialog's answer: the one path chosen, or null when the user cancelled. */
async function dialog(run: () => Promise<string | string[] | null>): Promise<string | null> {
  try {
    const path = await run();
    return typeof path === "string" ? path : null;
  } catch (e) {
    throw toApiError(e);
  }
}

function stamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const AUDIENCE = "audience";
const SLIDE_EVENT = "meeting-slide";

/** Meeting mode's audience window: slides only, full screen on the other monitor. */
async function openAudience(meetingId: string, index: number, theme: SlideTheme, onclosed: () => void): Promise<void> {
  try {
    const existing = await WebviewWindow.getByLabel(AUDIENCE);
    if (existing) await existing.close();
    const [all, here] = await Promise.all([availableMonitors(), currentMonitor()]);
    const same = (m: { name: string | null; position: { x: number; y: number } }) =>
      !!here && m.name === here.name && m.position.x === here.position.x && m.position.y === here.position.y;
    const other = all.find((m) => !same(m)) ?? all[0];
    const at = other ? other.position.toLogical(other.scaleFactor) : { x: 0, y: 0 };
    // The monitor's own rectangle, so the slides cover it even where no window manager
    // honours full screen (full screen is asked for as well, below).
    const size = other ? other.size.toLogical(other.scaleFactor) : { width: 1280, height: 720 };
    const q = new URLSearchParams({ audience: meetingId, slide: String(index), theme });
    const win = new WebviewWindow(AUDIENCE, {
      url: `index.html?${q.toString()}`,
      title: "Backbone meeting",
      x: at.x,
      y: at.y,
      width: size.width,
      height: size.height,
      decorations: false,
      focus: false,
    });
    await new Promise<void>((resolve, reject) => {
      void win.once("tauri://created", () => resolve());
      void win.once("tauri://error", (e) => reject(e.payload));
    });
    void win.once("tauri://destroyed", () => onclosed());
    await win.setFullscreen(true);
  } catch (e) {
    throw toApiError(e);
  }
}

export function tauriBackend(): Backend {
  return {
    appInfo: () => call("app_info"),
    listInitiatives: () => call("list_initiatives"),
    getInitiative: (id) => call("get_initiative", { id }),
    createInitiative: (input) => call("create_initiative", { input }),
    updateInitiative: (id, input) => call("update_initiative", { id, input }),
    loadSample: () => call("load_sample"),
    removeSample: () => call("remove_sample"),

    listPartners: (initiative_id) => call("list_partners", { initiative_id }),
    createPartner: (initiative_id, input) => call("create_partner", { initiative_id, input }),
    updatePartner: (id, input) => call("update_partner", { id, input }),
    listActions: (initiative_id, filter) => call("list_actions", { initiative_id, filter }),
    getAction: (id) => call("get_action", { id }),
    createAction: (initiative_id, input) => call("create_action", { initiative_id, input }),
    updateAction: (id, input) => call("update_action", { id, input }),
    addActionUpdate: (action_id, status, comment) => call("add_action_update", { action_id, status, comment }),
    actionsFor: (kind, target_id) => call("actions_for", { kind, target_id }),
    deletePartnerWithActions: (partner_id, owned) => call("delete_partner_with_actions", { partner_id, owned }),
    listMeetings: (initiative_id) => call("list_meetings", { initiative_id }),
    getMeeting: (id) => call("get_meeting", { id }),
    defaultAgenda: (initiative_id) => call("default_agenda", { initiative_id }),
    createMeeting: (initiative_id, input) => call("create_meeting", { initiative_id, input }),
    updateMeeting: (id, input) => call("update_meeting", { id, input }),
    startMeeting: (id) => call("start_meeting", { id }),
    captureMeetingItem: (meeting_id, input) => call("capture_meeting_item", { meeting_id, input }),
    updateMeetingItem: (id, input) => call("update_meeting_item", { id, input }),
    removeMeetingItem: (id) => call("remove_meeting_item", { id }),
    setMeetingRecord: (id, notes, decisions, attendees) => call("set_meeting_record", { id, notes, decisions, attendees }),
    finishMeeting: (id) => call("finish_meeting", { id }),
    prepareNextMeeting: (id, meeting_date) => call("prepare_next_meeting", { id, meeting_date }),
    exportReport: (initiative_id, meeting_id, format, paper, path) =>
      call("export_report", { initiative_id, meeting_id, format, paper, path }),
    exportDataWalk: (event_id, path) => call("export_data_walk", { event_id, path }),
    chooseReportPath: (defaultName, format) =>
      dialog(() =>
        save({
          title: format === "pdf" ? "Export PDF" : "Export HTML",
          defaultPath: defaultName,
          filters: [format === "pdf" ? { name: "PDF", extensions: ["pdf"] } : { name: "Web page", extensions: ["html"] }],
        }),
      ),
    listCommunityEvents: (initiative_id) => call("list_community_events", { initiative_id }),
    getCommunityEvent: (id) => call("get_community_event", { id }),
    communityEventsFor: (kind, target_id) => call("community_events_for", { kind, target_id }),
    createCommunityEvent: (initiative_id, input) => call("create_community_event", { initiative_id, input }),
    updateCommunityEvent: (id, input) => call("update_community_event", { id, input }),
    listCommunityThemes: (initiative_id) => call("list_community_themes", { initiative_id }),
    communityTargets: (initiative_id) => call("community_targets", { initiative_id }),
    lastHeard: (initiative_id) => call("last_heard", { initiative_id }),
    addDataWalkStation: (event_id, input) => call("add_data_walk_station", { event_id, input }),
    updateDataWalkStation: (id, input) => call("update_data_walk_station", { id, input }),
    moveDataWalkStation: (id, direction) => call("move_data_walk_station", { id, direction }),
    removeDataWalkStation: (id) => call("remove_data_walk_station", { id }),
    addDataWalkReaction: (station_id, input) => call("add_data_walk_reaction", { station_id, input }),
    removeDataWalkReaction: (id) => call("remove_data_walk_reaction", { id }),
    partnerProfile: (partner_id) => call("partner_profile", { partner_id }),
    resultPartners: (result_id) => call("result_partners", { result_id }),
    setPartnerRole: (partner_id, target_kind, target_id, role, description, tier) =>
      call("set_partner_role", { partner_id, target_kind, target_id, role, description, tier }),
    removePartnerRole: (role_id) => call("remove_partner_role", { role_id }),
    contributionsMatrix: (initiative_id) => call("contributions_matrix", { initiative_id }),
    exportContributions: (initiative_id, path) => call("export_contributions", { initiative_id, path }),
    chooseContributionsPath: (defaultName) =>
      dialog(() => save({ title: "Export contributions", defaultPath: defaultName, filters: [{ name: "CSV", extensions: ["csv"] }] })),

    listResults: (initiative_id) => call("list_results", { initiative_id }),
    createResult: (initiative_id, input) => call("create_result", { initiative_id, input }),
    updateResult: (id, input) => call("update_result", { id, input }),

    listPrograms: (initiative_id) => call("list_programs", { initiative_id }),
    createProgram: (initiative_id, input) => call("create_program", { initiative_id, input }),
    updateProgram: (id, input) => call("update_program", { id, input }),

    listMeasures: (initiative_id) => call("list_measures", { initiative_id }),
    createMeasure: (initiative_id, input) => call("create_measure", { initiative_id, input }),
    updateMeasure: (id, input) => call("update_measure", { id, input }),
    measureStats: (initiative_id) => call("measure_stats", { initiative_id }),

    listDimensions: (initiative_id) => call("list_dimensions", { initiative_id }),
    createDimension: (initiative_id, name, kind) => call("create_dimension", { initiative_id, name, kind }),
    renameDimension: (id, name) => call("rename_dimension", { id, name }),
    setDimensionKind: (id, kind) => call("set_dimension_kind", { id, kind }),
    moveDimension: (id, direction) => call("move_dimension", { id, direction }),
    createGroup: (dimension_id, name) => call("create_group", { dimension_id, name }),
    renameGroup: (id, name) => call("rename_group", { id, name }),
    setReferenceGroup: (dimension_id, group_id) => call("set_reference_group", { dimension_id, group_id }),
    moveGroup: (id, direction) => call("move_group", { id, direction }),
    addGroupAlias: (group_id, alias) => call("add_group_alias", { group_id, alias }),
    removeGroupAlias: (alias_id) => call("remove_group_alias", { alias_id }),
    mergeGroups: (from_id, into_id, dry_run) => call("merge_groups", { from_id, into_id, dry_run }),

    measureGrid: (measure_id, group_ids) => call("measure_grid", { measure_id, group_ids }),
    periodsAfter: (measure_id, period, count) =>
      call("periods_after", { measure_id, period, count }),
    saveObservations: (measure_id, edits) => call("save_observations", { measure_id, edits }),

    scorecard: (initiative_id, as_of) => call("scorecard", { initiative_id, as_of }),

    deleteItem: (kind, id) => call("delete_item", { kind, id }),
    restoreItem: (kind, id) => call("restore_item", { kind, id }),
    listTrash: (initiative_id) => call("list_trash", { initiative_id }),

    backupDatabase: (path) => call("backup_database", { path }),
    openDatabase: (path) => call("open_database", { path }),

    measureChart: (measure_id, size, compare_ids) => call("measure_chart", { measure_id, size, compare_ids }),
    sparklines: (initiative_id) => call("sparklines", { initiative_id }),
    exportChart: (measure_id, path, size, scale, compare_ids) =>
      call("export_chart", { measure_id, path, size, scale, compare_ids }),

    measureDimensions: (measure_id) => call("measure_dimensions", { measure_id }),
    equityFigures: (measure_id, dimension_id, period) => call("equity_figures", { measure_id, dimension_id, period }),
    gapSeries: (measure_id, dimension_id) => call("gap_series", { measure_id, dimension_id }),
    equitySummary: (initiative_id) => call("equity_summary", { initiative_id }),
    groupChart: (measure_id, dimension_id, size) => call("group_chart", { measure_id, dimension_id, size }),
    gapChart: (measure_id, dimension_id, size) => call("gap_chart", { measure_id, dimension_id, size }),

    getWorksheet: (measure_id) => call("get_worksheet", { measure_id }),
    saveWorksheet: (measure_id, input) => call("save_worksheet", { measure_id, input }),
    worksheetRevisions: (measure_id) => call("worksheet_revisions", { measure_id }),
    worksheetRevision: (measure_id, revision) => call("worksheet_revision", { measure_id, revision }),
    worksheetDiff: (measure_id, from, to) => call("worksheet_diff", { measure_id, from, to }),

    previewImport: (path, options) => call("preview_import", { path, options }),
    runImport: (path, options, onProgress) => {
      const on_progress = new Channel<Progress>(onProgress);
      return call("run_import", { path, options, on_progress });
    },
    cancelImport: () => call("cancel_import"),

    exportInitiative: (initiative_id, format, path) => call("export_initiative", { initiative_id, format, path }),

    backupsFolder: () => call("backups_folder"),
    listBackups: () => call("list_backups"),
    backupNow: () => call("backup_now"),
    restoreDatabase: (path) => call("restore_database", { path }),

    getAuthorName: () => call("get_author_name"),
    setAuthorName: (name) => call("set_author_name", { name }),
    addComment: (initiative_id, target, body) => call("add_comment", { initiative_id, target, body }),
    listComments: (target) => call("list_comments", { target }),
    resolveComment: (id) => call("resolve_comment", { id }),
    reopenComment: (id) => call("reopen_comment", { id }),
    commentCounts: (measure_id) => call("comment_counts", { measure_id }),

    chooseImportFile: () =>
      dialog(() => open({ title: "Choose a file to import", multiple: false, directory: false, filters: IMPORT_FILTERS })),
    chooseExportPath: (format, defaultName) =>
      dialog(() => save({ title: "Export initiative", defaultPath: defaultName, filters: EXPORT_FILTERS[format] })),
    chooseBackupToRestore: () =>
      dialog(() => open({ title: "Restore from backup", multiple: false, directory: false, filters: RESTORE_FILTERS })),

    syncStatus: () => call("sync_status"),
    syncExport: (for_replica, path) => call("sync_export", { for_replica, path }),
    syncImport: (path) => call("sync_import", { path }),
    syncConflicts: (open_only) => call("sync_conflicts", { open_only }),
    syncResolve: (id, keep) => call("sync_resolve", { id, keep }),
    setSyncFolder: (path) => call("set_sync_folder", { path }),
    syncFolderNow: () => call("sync_folder_now"),
    chooseSyncExportPath: (defaultName) =>
      dialog(() => save({ title: "Export changes", defaultPath: defaultName, filters: SYNC_FILTERS })),
    chooseSyncImportFile: () =>
      dialog(() => open({ title: "Import changes", multiple: false, directory: false, filters: SYNC_FILTERS })),
    chooseSyncFolder: () => dialog(() => open({ title: "Choose a sync folder", multiple: false, directory: true })),

    async chooseBackupPath() {
      try {
        const path = await save({
          title: "Back up database",
          defaultPath: `backbone-backup-${stamp()}.backbone`,
          filters: DB_FILTERS,
        });
        return path ?? null;
      } catch (e) {
        throw toApiError(e);
      }
    },
    async chooseDatabaseToOpen() {
      try {
        const path = await open({
          title: "Open database",
          multiple: false,
          directory: false,
          filters: DB_FILTERS,
        });
        return typeof path === "string" ? path : null;
      } catch (e) {
        throw toApiError(e);
      }
    },
    async chooseChartPath(defaultName) {
      try {
        const path = await save({ title: "Save chart as", defaultPath: defaultName, filters: CHART_FILTERS });
        return path ?? null;
      } catch (e) {
        throw toApiError(e);
      }
    },
    screens: async () => {
      try {
        return { count: (await availableMonitors()).length };
      } catch (e) {
        throw toApiError(e);
      }
    },
    openAudienceWindow: openAudience,
    closeAudienceWindow: async () => {
      const win = await WebviewWindow.getByLabel(AUDIENCE);
      if (win) await win.close();
    },
    showSlide: (index, theme) => emitTo(AUDIENCE, SLIDE_EVENT, { index, theme }),
    followSlides: (handler) => listen<{ index: number; theme: SlideTheme }>(SLIDE_EVENT, (e) => handler(e.payload.index, e.payload.theme)),
  };
}
