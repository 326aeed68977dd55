/**
 * The Import data screen's model: the file and options as typed, the preview (the core's
 * dry run), the import with its progress, and cancelling either. Nothing is written until
 * `run()`, and `run()` is allowed only for a preview of exactly this file and these options
 * that found no problems.
 */
import { toApiError, type Backend } from "../backend";
import type { Calendar } from "../bindings/Calendar";
import type { Format } from "../bindings/Format";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { Polarity } from "../bindings/Polarity";
import type { Unit } from "../bindings/Unit";
import { FormState } from "./form.svelte";
import { ProgressMeter, type ProgressView } from "./progress";

/** The initiative choice meaning "create one with the name typed". */
export const NEW_INITIATIVE = "__new__";

export const IMPORT_FIELDS = [
  "path", "initiative", "new_initiative", "format", "measure", "location", "unit", "polarity", "calendar", "sheet",
  "dimension", "update",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * - idle: nothing previewed yet (or the preview failed);
 * - previewing / importing: the core is working (Cancel stops it);
 * - previewed: a summary is shown; Import is allowed when it has no problems;
 * - done: the import wrote; cancelled: the import was stopped and wrote nothing.
 */
export type ImportPhase = "idle" | "previewing" | "previewed" | "importing" | "done" | "cancelled";

const blank = (s: string) => (s.trim() === "" ? null : s.trim());

export class ImportModel {
  readonly form = new FormState<ImportField>(IMPORT_FIELDS);

  path = $state("");
  initiative = $state(NEW_INITIATIVE);
  newName = $state("");
  format: Format = $state("auto");
  measure = $state("");
  location = $state("");
  unit = $state("");
  polarity = $state("");
  calendar = $state("");
  sheet = $state("");
  dimension = $state("");
  update = $state(false);

  phase: ImportPhase = $state("idle");
  /** The last preview's summary (kept while the import runs, to compare). */
  summary: ImportSummary | null = $state(null);
  /** What the import did. */
  result: ImportSummary | null = $state(null);
  progress: ProgressView | null = $state(null);
  /** A note about the last run that belongs to no field (cancelled, refused, failed). */
  note: string | null = $state(null);

  private previewedKey: string | null = $state(null);
  private readonly backend: Backend;
  private readonly clock: () => number;

  /** The file and options as the core will get them, as one comparable string. */
  readonly key: string = $derived(JSON.stringify([this.path.trim(), this.options(false)]));
  /** The file or an option changed since the summary shown was made. */
  readonly stale: boolean = $derived(this.summary !== null && this.previewedKey !== this.key);
  readonly busy: boolean = $derived(this.phase === "previewing" || this.phase === "importing");
  readonly canImport: boolean = $derived(
    (this.phase === "previewed" || this.phase === "cancelled") &&
      this.summary !== null &&
      this.summary.errors.length === 0 &&
      this.summary.error_count === 0 &&
      !this.stale,
  );

  constructor(backend: Backend, clock: () => number = () => performance.now()) {
    this.backend = backend;
    this.clock = clock;
  }

  options(dryRun: boolean): ImportOptions {
    return {
      initiative: this.initiative === NEW_INITIATIVE ? blank(this.newName) : this.initiative,
      format: this.format,
      measure: blank(this.measure),
      location: blank(this.location),
      unit: (this.unit || null) as Unit | null,
      polarity: (this.polarity || null) as Polarity | null,
      calendar: (this.calendar || null) as Calendar | null,
      dimension: blank(this.dimension),
      sheet: blank(this.sheet),
      update: this.update,
      dry_run: dryRun,
    };
  }

  private check() {
    const e: Partial<Record<ImportField, string>> = {};
    if (!this.path.trim()) e.path = "Choose a file, or paste its path.";
    if (this.initiative === NEW_INITIATIVE && !this.newName.trim() && this.format !== "bundle")
      e.new_initiative = "Name the new initiative.";
    return e;
  }

  /** Runs the core's dry run on the file; the summary shows what an import would do. */
  async preview(formEl: HTMLFormElement | null): Promise<void> {
    if (this.busy) return;
    this.note = null;
    this.result = null;
    const key = this.key;
    const path = this.path.trim();
    const options = this.options(true);
    let cancelled = false;
    this.phase = "previewing";
    await this.form.submit(formEl, () => this.check(), async () => {
      try {
        this.summary = await this.backend.previewImport(path, options);
        this.previewedKey = key;
      } catch (e) {
        if (toApiError(e).code !== "cancelled") throw e;
        cancelled = true;
      }
    });
    if (cancelled) this.note = "Preview cancelled.";
    // A failed or cancelled preview leaves an earlier summary on screen, marked stale.
    this.phase = this.summary ? "previewed" : "idle";
  }

  /** Imports the previewed file with the previewed options. Resolves to the summary when it wrote. */
  async run(): Promise<ImportSummary | null> {
    if (!this.canImport) return null;
    this.note = null;
    this.form.banner = null;
    const meter = new ProgressMeter(this.clock());
    this.progress = meter.view();
    this.phase = "importing";
    try {
      const done = await this.backend.runImport(this.path.trim(), this.options(false), (p) => {
        meter.add(p, this.clock());
        this.progress = meter.view();
      });
      if (!done.imported) {
        // The file changed since the preview: show what is wrong with it now.
        this.summary = done;
        this.phase = "previewed";
        this.note = "The file has problems now; nothing was written.";
        return null;
      }
      this.result = done;
      this.phase = "done";
      return done;
    } catch (e) {
      const err = toApiError(e);
      this.phase = "cancelled";
      this.note = err.code === "cancelled" ? "Import cancelled; nothing was written." : `The import failed; nothing was written. ${err.message}`;
      return null;
    } finally {
      this.progress = null;
    }
  }

  /** Stops the preview or import that is running. */
  async cancel(): Promise<void> {
    if (!this.busy) return;
    try {
      await this.backend.cancelImport();
    } catch (e) {
      this.form.banner = toApiError(e).message;
    }
  }

  /** Ready for another file: keeps the options, forgets the file and the summaries. */
  again(): void {
    this.path = "";
    this.summary = null;
    this.result = null;
    this.previewedKey = null;
    this.note = null;
    this.phase = "idle";
  }
}
