/**
 * The app's shared state: which initiative is open, its lists (partners, results,
 * programs, measures, their latest values, dimensions), the current screen, and the
 * global error banner and toasts. Screens read it through `useApp()`; they change data
 * through the backend and then call `refresh()`.
 */
import { getContext, setContext } from "svelte";
import { toApiError, type Backend } from "../backend";
import type { AppInfo } from "../bindings/AppInfo";
import type { Dimension } from "../bindings/Dimension";
import type { EntityKind } from "../bindings/EntityKind";
import type { Initiative } from "../bindings/Initiative";
import type { Measure } from "../bindings/Measure";
import type { MeasureStat } from "../bindings/MeasureStat";
import type { Partner } from "../bindings/Partner";
import type { PopulationResult } from "../bindings/PopulationResult";
import type { Program } from "../bindings/Program";
import { KEYS, readSetting, writeSetting } from "./storage";
import { Toasts } from "./toasts.svelte";

export type Screen = "scorecard" | "overview" | "results" | "programs" | "partners" | "actions" | "meetings" | "community" | "contributions" | "data" | "trash" | "import" | "settings" | "equity" | "groups" | "sync";

/** The nav, in order. `global` screens work with no initiative open (importing can create one). */
export const SCREENS: { id: Screen; label: string; testid: string; global?: boolean }[] = [
  { id: "overview", label: "Overview", testid: "nav-overview" },
  { id: "scorecard", label: "Scorecard", testid: "nav-scorecard" },
  { id: "equity", label: "Equity", testid: "nav-equity" },
  { id: "results", label: "Results & indicators", testid: "nav-results" },
  { id: "programs", label: "Programs & measures", testid: "nav-programs" },
  { id: "partners", label: "Partners", testid: "nav-partners" },
  { id: "contributions", label: "Contributions", testid: "nav-contributions" },
  { id: "actions", label: "Actions", testid: "nav-actions" },
  { id: "meetings", label: "Meetings", testid: "nav-meetings" },
  { id: "community", label: "Community input", testid: "nav-community" },
  { id: "data", label: "Data entry", testid: "nav-data" },
  { id: "groups", label: "Groups", testid: "nav-groups" },
  { id: "import", label: "Import data", testid: "nav-import", global: true },
  { id: "trash", label: "Trash", testid: "nav-trash" },
  { id: "sync", label: "Sync", testid: "nav-sync", global: true },
  { id: "settings", label: "Settings", testid: "nav-settings", global: true },
];

export class AppState {
  readonly backend: Backend;
  readonly toasts = new Toasts();

  info: AppInfo | null = $state(null);
  initiatives: Initiative[] = $state([]);
  currentId: string | null = $state(null);
  /** The scorecard is where an opened initiative lands (a new, empty one: the overview). */
  screen: Screen = $state("scorecard");
  /** A measure to open on the Data entry screen (set by "Enter data" links). */
  dataMeasureId: string | null = $state(null);
  /** A measure whose detail the Scorecard opens on arrival, and on which tab (set by the Equity screen). */
  scorecardDetail: { measureId: string; tab: "trend" | "by_group" } | null = $state(null);
  /** An action the Actions board opens on arrival (set by the Overview). */
  actionId: string | null = $state(null);

  partners: Partner[] = $state([]);
  results: PopulationResult[] = $state([]);
  programs: Program[] = $state([]);
  measures: Measure[] = $state([]);
  stats: MeasureStat[] = $state([]);
  dimensions: Dimension[] = $state([]);

  /** Open sync conflicts (the Sync nav entry's badge); refreshed at boot and by the Sync screen. */
  openConflicts = $state(0);

  /** True once the first load finished (successfully or not). */
  booted = $state(false);
  loading = $state(false);
  banner: string | null = $state(null);
  /**
   * What holds the database for a while (an import or its preview, a restore), or null.
   * The nav and the database actions wait meanwhile: the store answers one call at a time.
   */
  busy: string | null = $state(null);

  current: Initiative | null = $derived(this.initiatives.find((i) => i.id === this.currentId) ?? null);
  indicators: Measure[] = $derived(this.measures.filter((m) => m.kind === "indicator"));
  performanceMeasures: Measure[] = $derived(this.measures.filter((m) => m.kind === "performance"));

  private loadToken = 0;

  constructor(backend: Backend) {
    this.backend = backend;
  }

  /** On launch: app info and initiatives, then open the last used, the sample or the first. */
  async boot(): Promise<void> {
    try {
      this.info = await this.backend.appInfo();
      this.initiatives = await this.backend.listInitiatives();
      const pick = this.pickInitiative();
      if (pick) await this.selectInitiative(pick.id);
      await this.refreshConflicts();
    } catch (e) {
      this.fail(e);
    } finally {
      this.booted = true;
    }
  }

  private pickInitiative(): Initiative | undefined {
    const last = readSetting(KEYS.lastInitiative);
    const list = this.initiatives;
    return (
      list.find((i) => i.id === last) ??
      list.find((i) => i.id === this.info?.sample_initiative_id) ??
      list.find((i) => i.is_sample) ??
      list[0]
    );
  }

  async selectInitiative(id: string | null): Promise<void> {
    this.currentId = id;
    writeSetting(KEYS.lastInitiative, id);
    this.dataMeasureId = null;
    await this.refresh();
  }

  /** Reloads every list of the current initiative (stale answers are dropped). */
  async refresh(): Promise<void> {
    const id = this.currentId;
    const token = ++this.loadToken;
    if (!id) {
      this.partners = [];
      this.results = [];
      this.programs = [];
      this.measures = [];
      this.stats = [];
      this.dimensions = [];
      return;
    }
    this.loading = true;
    try {
      const b = this.backend;
      const [partners, results, programs, measures, stats, dimensions] = await Promise.all([
        b.listPartners(id),
        b.listResults(id),
        b.listPrograms(id),
        b.listMeasures(id),
        b.measureStats(id),
        b.listDimensions(id),
      ]);
      if (token !== this.loadToken) return;
      this.partners = partners;
      this.results = results;
      this.programs = programs;
      this.measures = measures;
      this.stats = stats;
      this.dimensions = dimensions;
    } catch (e) {
      if (token === this.loadToken) this.fail(e);
    } finally {
      if (token === this.loadToken) this.loading = false;
    }
  }

  /** Reads how many sync conflicts are open (the nav badge); a failure leaves the count. */
  async refreshConflicts(): Promise<void> {
    try {
      this.openConflicts = (await this.backend.syncStatus()).open_conflicts;
    } catch {
      // The badge is a hint: the Sync screen says what went wrong.
    }
  }

  async refreshInitiatives(): Promise<void> {
    try {
      this.initiatives = await this.backend.listInitiatives();
    } catch (e) {
      this.fail(e);
    }
  }

  /** After a create: show the new initiative's overview. */
  async openNewInitiative(initiative: Initiative): Promise<void> {
    await this.refreshInitiatives();
    this.screen = "overview";
    await this.selectInitiative(initiative.id);
  }

  async loadSample(): Promise<void> {
    try {
      const sample = await this.backend.loadSample();
      this.info = await this.backend.appInfo();
      await this.refreshInitiatives();
      this.screen = "scorecard";
      await this.selectInitiative(sample.id);
    } catch (e) {
      this.fail(e);
    }
  }

  async removeSample(): Promise<void> {
    try {
      await this.backend.removeSample();
      this.info = await this.backend.appInfo();
      await this.refreshInitiatives();
      if (!this.initiatives.some((i) => i.id === this.currentId)) {
        writeSetting(KEYS.lastInitiative, null);
        this.screen = "scorecard";
        await this.selectInitiative(this.initiatives[0]?.id ?? null);
      }
      this.toasts.show("The sample initiative was removed.", { tone: "success" });
    } catch (e) {
      this.fail(e);
    }
  }

  /** Moves the current initiative (and everything in it) to the trash; opens another. */
  async deleteInitiative(id: string, name: string): Promise<void> {
    try {
      await this.backend.deleteItem("initiative", id);
    } catch (e) {
      this.fail(e);
      return;
    }
    await this.refreshInitiatives();
    writeSetting(KEYS.lastInitiative, null);
    this.screen = "scorecard";
    await this.selectInitiative(this.initiatives[0]?.id ?? null);
    this.toasts.show(`“${name}” moved to the trash.`, {
      action: {
        label: "Undo",
        testid: "undo",
        run: async () => {
          if (await this.restore("initiative", id, name)) await this.selectInitiative(id);
        },
      },
    });
  }

  /** Moves an item to the trash and offers Undo (restore_item). */
  async deleteWithUndo(kind: EntityKind, id: string, name: string): Promise<void> {
    try {
      await this.backend.deleteItem(kind, id);
    } catch (e) {
      this.fail(e);
      return;
    }
    await this.refresh();
    this.toasts.show(`“${name}” moved to the trash.`, {
      action: { label: "Undo", testid: "undo", run: () => this.restore(kind, id, name) },
    });
  }

  async restore(kind: EntityKind, id: string, name: string): Promise<boolean> {
    try {
      await this.backend.restoreItem(kind, id);
    } catch (e) {
      this.fail(e);
      return false;
    }
    if (kind === "initiative") await this.refreshInitiatives();
    await this.refresh();
    this.toasts.show(`Restored “${name}”.`, { tone: "success" });
    return true;
  }

  async backup(): Promise<void> {
    try {
      const path = await this.backend.chooseBackupPath();
      if (!path) return;
      await this.backend.backupDatabase(path);
      this.toasts.show(`Backed up to ${path}`, { tone: "success" });
    } catch (e) {
      this.fail(e);
    }
  }

  /** After the database's content changed under the app (a restore): reloads everything. */
  async reload(): Promise<void> {
    try {
      this.info = await this.backend.appInfo();
      this.initiatives = await this.backend.listInitiatives();
      const keep = this.initiatives.find((i) => i.id === this.currentId) ?? this.pickInitiative();
      await this.selectInitiative(keep?.id ?? null);
    } catch (e) {
      this.fail(e);
    }
  }

  async openDatabase(): Promise<void> {
    try {
      const path = await this.backend.chooseDatabaseToOpen();
      if (!path) return;
      this.info = await this.backend.openDatabase(path);
      this.initiatives = await this.backend.listInitiatives();
      this.screen = "scorecard";
      const pick = this.pickInitiative();
      await this.selectInitiative(pick?.id ?? null);
      this.toasts.show(`Opened ${this.info.db_path}`, { tone: "success" });
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * Asked before the screen or the initiative changes (the worksheet with unsaved changes
   * sets it): false stays put, and the asker offers to discard and then calls `proceed`.
   * Null: nothing to keep.
   */
  leaveGuard: ((proceed: () => void) => boolean) | null = null;

  go(screen: Screen): void {
    if (this.leaveGuard && screen !== this.screen && !this.leaveGuard(() => this.go(screen))) return;
    this.screen = screen;
  }

  /**
   * The person picks another initiative (the sidebar's switcher): asked of the leave guard
   * first. Returns false when it stays put (the switcher shows the current one again).
   */
  chooseInitiative(id: string): boolean {
    if (id === this.currentId) return true;
    if (this.leaveGuard && !this.leaveGuard(() => void this.selectInitiative(id))) return false;
    void this.selectInitiative(id);
    return true;
  }

  fail(e: unknown): void {
    this.banner = toApiError(e).message;
  }

  nameOfPartner(id: string | null): string {
    return this.partners.find((p) => p.id === id)?.name ?? "";
  }

  statFor(measureId: string): MeasureStat | undefined {
    return this.stats.find((s) => s.measure_id === measureId);
  }
}

const KEY = Symbol("backbone-app");

export function provideApp(app: AppState): AppState {
  setContext(KEY, app);
  return app;
}

/** The app's state when inside <App>; undefined in a component rendered on its own. */
export function maybeApp(): AppState | undefined {
  return getContext<AppState | undefined>(KEY);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error("useApp() outside <App>");
  return app;
}
