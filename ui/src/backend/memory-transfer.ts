/**
 * Imports, exports and backups for the in-memory backend (component tests only).
 *
 * The memory backend reads no files. A test registers what the core would answer for a
 * file (`MemoryBackend.registerImportFile(path, summary, progress)`); a preview hands that
 * summary back, resolving the initiative from the options as the core does, and an import
 * also sends the registered progress reports and creates the initiative and the measures
 * the summary names (no values). Any other path answers as the core does for a file that
 * does not exist: a summary whose one problem names the file.
 */
import type { BackupInfo } from "../bindings/BackupInfo";
import type { BackupKind } from "../bindings/BackupKind";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportReport } from "../bindings/ExportReport";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { Initiative } from "../bindings/Initiative";
import type { Progress } from "../bindings/Progress";

/** A summary with everything zero or empty, then `over`. */
export function importSummary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    file: "",
    format: "",
    format_note: "",
    initiative_id: null,
    initiative_name: null,
    initiative_created: false,
    rows_read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped_missing: 0,
    skipped_suppressed: 0,
    skipped_existing: 0,
    skipped_filtered: 0,
    repeated: 0,
    measures_created: [],
    errors: [],
    error_count: 0,
    warnings: [],
    flags: [],
    dry_run: false,
    imported: false,
    import_id: null,
    bundle: null,
    ...over,
  };
}

/** Default options: automatic format, nothing set. */
export function importOptions(over: Partial<ImportOptions> = {}): ImportOptions {
  return {
    initiative: null,
    format: "auto",
    measure: null,
    location: null,
    unit: null,
    polarity: null,
    calendar: null,
    dimension: null,
    sheet: null,
    update: false,
    dry_run: false,
    ...over,
  };
}

/** A file registered by a test: what the core would say about it. */
export interface KnownFile {
  summary: ImportSummary;
  progress: Progress[];
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The core's answer for a file it cannot open. */
export function missingFile(path: string, dryRun: boolean): ImportSummary {
  return importSummary({
    file: baseName(path),
    dry_run: dryRun,
    errors: [{ row: null, column: null, message: `${path}: No such file or directory (os error 2)` }],
    error_count: 1,
  });
}

/**
 * Where the values go, as `crate::store::imports` decides: an id or a name (case-insensitive)
 * of a live initiative; another name creates one; none: the only initiative that is not the
 * sample, else a new "Imported data".
 */
export function resolveInitiative(
  choice: string | null,
  live: Initiative[],
): { id: string | null; name: string; created: boolean } {
  const trimmed = choice?.trim() ?? "";
  if (trimmed) {
    const found = live.find((i) => i.id === trimmed) ?? live.find((i) => i.name.toLowerCase() === trimmed.toLowerCase());
    return found ? { id: found.id, name: found.name, created: false } : { id: null, name: trimmed, created: true };
  }
  const own = live.filter((i) => !i.is_sample);
  if (own.length === 1) return { id: own[0].id, name: own[0].name, created: false };
  const imported = live.find((i) => i.name === "Imported data");
  return imported ? { id: imported.id, name: imported.name, created: false } : { id: null, name: "Imported data", created: true };
}

/** What an export would report, from counts the memory store has. */
export function exportReport(
  initiative: Initiative,
  format: ExportFormat,
  path: string,
  counts: { values: number; measures: string[]; tables: { table: string; rows: number }[] },
): ExportReport {
  const rows = format === "json" ? counts.tables.reduce((n, t) => n + t.rows, 0) : counts.values;
  return {
    path,
    format,
    initiative_id: initiative.id,
    initiative_name: initiative.name,
    rows,
    sheets: format === "xlsx" ? ["Scorecard", ...counts.measures, "About"] : [],
    tables: format === "json" ? counts.tables : [],
    // About what the core writes: a header and one short line per row.
    bytes: 120 + rows * 64,
  };
}

const PREFIX: Record<BackupKind, string> = {
  daily: "daily-",
  before_migration: "before-migration-schema2-",
  before_restore: "before-restore-",
  manual: "manual-",
};

/** The backups folder of a database, as `Store::backup_dir` names it. */
export function backupsFolderOf(dbPath: string): string {
  const slash = dbPath.lastIndexOf("/");
  const dir = slash >= 0 ? dbPath.slice(0, slash) : ".";
  const name = dbPath.slice(slash + 1).replace(/\.[^.]*$/, "");
  return `${dir}/${name}-backups`;
}

/** A backup's listing entry, named as the core names it (`daily-2025-03-15T120000Z.sqlite`). */
export function backupInfo(folder: string, kind: BackupKind, at: Date, taken: string[], sizeBytes: number): BackupInfo {
  // Names carry whole seconds; the listing reads the time back from the name.
  const whole = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
  const stamp = `${whole.slice(0, 10)}T${whole.slice(11, 19).replace(/:/g, "")}Z`;
  let file = `${PREFIX[kind]}${stamp}.sqlite`;
  for (let n = 2; taken.includes(file); n++) file = `${PREFIX[kind]}${stamp}-${n}.sqlite`;
  return {
    path: `${folder}/${file}`,
    file_name: file,
    kind,
    created_at: whole,
    size_bytes: sizeBytes,
  };
}
