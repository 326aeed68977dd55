/**
 * Field sync in the in-memory backend (component tests only). No file is read or written:
 * tests register change files by path (`files`: who sent them, how many changes, the
 * conflicts they open, or why the core would refuse them) and folders (`folders`). It
 * behaves like the core where the UI can tell: importing a file twice applies nothing the
 * second time, this laptop's own file is ignored, a refused file changes nothing and its
 * error names the file (`invalid_input`, field "file"); an import puts the winning value
 * of each new conflict in the row, a resolution writes the kept one and closes every open
 * conflict of that field; resolving twice is a `conflict`; peers and history follow.
 */
import type { Conflict } from "../bindings/Conflict";
import type { ConflictSide } from "../bindings/ConflictSide";
import type { FolderSyncSummary } from "../bindings/FolderSyncSummary";
import type { Keep } from "../bindings/Keep";
import type { SyncEvent } from "../bindings/SyncEvent";
import type { SyncExportSummary } from "../bindings/SyncExportSummary";
import type { SyncImportSummary } from "../bindings/SyncImportSummary";
import type { SyncPeer } from "../bindings/SyncPeer";
import type { SyncRefusal } from "../bindings/SyncRefusal";
import type { SyncStatus } from "../bindings/SyncStatus";
import { apiError } from "./index";

type Value = ConflictSide["value"];

/** What the sync store needs from the rest of the memory backend. */
export interface SyncDeps {
  /** Settings' "your name" (signs this laptop's changes), or null. */
  authorName: () => string | null;
  /** Writes `value` into a field of a row; false when there is no such row. */
  write: (table: string, rowId: string, field: string, value: Value) => boolean;
  stamp: () => string;
}

/** A change file a test registered: what importing it does. */
export interface SyncFile {
  sender: string;
  senderName: string | null;
  /** Changes in the file (all new the first time it is imported). */
  changes: number;
  /** Conflicts the file opens (their `theirs` side is the sender's). */
  conflicts?: Conflict[];
  /** Set: the core refuses the file with this reason (damaged, truncated, newer...). */
  refused?: string;
}

const EXTENSION = "bbsync";
const clone = <T>(x: T): T => structuredClone(x);
const dirOf = (path: string) => path.replace(/[\\/][^\\/]*$/, "");
const baseOf = (path: string) => path.split(/[\\/]/).pop() ?? path;

type ConflictOver = Partial<Omit<Conflict, "mine" | "theirs">> & { mine?: Partial<ConflictSide>; theirs?: Partial<ConflictSide> };

/** A conflict for tests: a measure's name written differently here and on Amara's laptop. */
export function conflictFixture(over: ConflictOver = {}): Conflict {
  const { mine, theirs, ...rest } = over;
  return {
    id: "conflict-1",
    status: "open",
    table: "measures",
    row_id: "measure-1",
    field: "name",
    what: "Measure “Third-grade reading proficiency”",
    field_label: "name",
    initiative_id: null,
    long_text: false,
    detected_at: "2025-03-15T12:00:00Z",
    closed_at: null,
    closed_by: null,
    ...rest,
    mine: {
      value: "Third-grade reading",
      replica_id: "replica-here",
      replica_name: "Jo",
      author: "Jo",
      at: "2025-03-14T09:00:00Z",
      applied: false,
      local: true,
      ...mine,
    },
    theirs: {
      value: "Grade 3 reading proficiency",
      replica_id: "replica-amara",
      replica_name: "Amara",
      author: "Amara",
      at: "2025-03-14T10:00:00Z",
      applied: true,
      local: false,
      ...theirs,
    },
  };
}

export class MemorySync {
  replicaId = "replica-here";
  folder: string | null = null;
  /** Local changes not yet written to a change file. */
  unsent = 0;
  peers: SyncPeer[] = [];
  history: SyncEvent[] = [];
  conflicts: Conflict[] = [];
  /** Change files tests registered, by path. */
  files = new Map<string, SyncFile>();
  /** Folders that exist (setSyncFolder refuses any other path). */
  folders = new Set<string>();
  /** Change files written, as answered. */
  written: SyncExportSummary[] = [];
  /** What the dialogs "choose"; null = the user cancelled. */
  exportPath: string | null = null;
  importPath: string | null = null;
  folderPath: string | null = null;
  private imported = new Set<string>();

  constructor(private deps: SyncDeps) {}

  status(): SyncStatus {
    return {
      replica_id: this.replicaId,
      replica_name: this.deps.authorName(),
      folder: this.folder,
      unsent_changes: this.unsent,
      open_conflicts: this.conflicts.filter((c) => c.status === "open").length,
      peers: clone(this.peers),
      history: clone(this.history.slice(0, 50)),
    };
  }

  export(forReplica: string | null, path: string): SyncExportSummary {
    if (!path.trim()) throw apiError("invalid_input", "Choose a file to write", "path");
    const changes = forReplica === null ? this.unsent + 100 : this.unsent;
    const summary = { file: path, for_replica: forReplica, changes, bytes: 200 + changes * 40 };
    const peer = this.peers.find((p) => p.replica_id === forReplica);
    this.log({ kind: "export", file: path, peer_id: forReplica, peer_name: peer?.name ?? null, changes, applied: 0, conflicts_new: 0 });
    this.unsent = 0;
    this.written.push(summary);
    return clone(summary);
  }

  import(path: string): SyncImportSummary {
    const f = this.files.get(path);
    if (!f) throw apiError("io", `${path}: No such file or directory (os error 2)`);
    if (f.refused) throw apiError("invalid_input", `${path}: ${f.refused}`, "file");
    const summary: SyncImportSummary = {
      file: path,
      from_replica: f.sender,
      from_name: f.senderName,
      own_file: f.sender === this.replicaId,
      applied: 0,
      skipped_seen: 0,
      conflicts_new: 0,
      rows_changed: 0,
    };
    if (summary.own_file) {
      this.log({ kind: "ignored", file: path, peer_id: f.sender, peer_name: f.senderName, changes: f.changes, applied: 0, conflicts_new: 0 });
      return summary;
    }
    const first = !this.imported.has(path);
    this.imported.add(path);
    if (first) {
      summary.applied = f.changes;
      summary.rows_changed = f.changes;
      for (const c of f.conflicts ?? []) {
        if (this.conflicts.some((x) => x.id === c.id)) continue;
        const winner = c.mine.applied ? c.mine : c.theirs;
        this.deps.write(c.table, c.row_id, c.field, winner.value);
        this.conflicts.unshift({ ...clone(c), status: "open", detected_at: this.deps.stamp() });
        summary.conflicts_new += 1;
      }
    } else {
      summary.skipped_seen = f.changes;
    }
    let peer = this.peers.find((p) => p.replica_id === f.sender);
    if (!peer) {
      peer = { replica_id: f.sender, name: f.senderName, last_import_at: null, changes_received: 0 };
      this.peers.push(peer);
    }
    peer.name = f.senderName ?? peer.name;
    peer.last_import_at = this.deps.stamp();
    peer.changes_received += summary.applied;
    this.peers.sort((a, b) => (b.last_import_at ?? "").localeCompare(a.last_import_at ?? ""));
    this.log({
      kind: "import",
      file: path,
      peer_id: f.sender,
      peer_name: f.senderName,
      changes: f.changes,
      applied: summary.applied,
      conflicts_new: summary.conflicts_new,
    });
    return summary;
  }

  list(openOnly: boolean): Conflict[] {
    return clone(this.conflicts.filter((c) => !openOnly || c.status === "open"));
  }

  resolve(id: string, keep: Keep): Conflict {
    const c = this.conflicts.find((x) => x.id === id);
    if (!c) throw apiError("not_found", `No conflict with id ${id}.`);
    if (c.status !== "open") throw apiError("conflict", `this conflict is already ${c.status}`);
    let value: Value;
    if (keep.keep === "mine") value = c.mine.value;
    else if (keep.keep === "theirs") value = c.theirs.value;
    else if (typeof c.mine.value === "number" || typeof c.theirs.value === "number") {
      const t = keep.value.trim();
      const n = Number(t);
      if (t !== "" && Number.isNaN(n)) throw apiError("invalid_input", `"${keep.value}" is not a number`, "value");
      value = t === "" ? null : n;
    } else value = keep.value;
    if (!this.deps.write(c.table, c.row_id, c.field, value)) {
      throw apiError("conflict", `${c.what} no longer exists; nothing to resolve`);
    }
    const now = this.deps.stamp();
    for (const x of this.conflicts) {
      if (x.table === c.table && x.row_id === c.row_id && x.field === c.field && x.status === "open") {
        x.status = "resolved";
        x.closed_at = now;
        x.closed_by = this.deps.authorName();
      }
    }
    this.unsent += 1;
    return clone(c);
  }

  setFolder(path: string | null) {
    if (path !== null && !this.folders.has(path)) throw apiError("invalid_input", `${path} is not a folder`, "folder");
    this.folder = path;
  }

  folderNow(): FolderSyncSummary {
    const folder = this.folder;
    if (folder === null) throw apiError("invalid_input", "choose a sync folder first", "folder");
    const own = `${this.replicaId}.${EXTENSION}`;
    const paths = [...this.files.keys()].filter((p) => dirOf(p) === folder && baseOf(p) !== own && p.endsWith(`.${EXTENSION}`)).sort();
    const imported: SyncImportSummary[] = [];
    const refused: SyncRefusal[] = [];
    for (const p of paths) {
      try {
        imported.push(this.import(p));
      } catch (e) {
        refused.push({ file: p, message: (e as { message: string }).message });
      }
    }
    const written = this.export(null, `${folder}/${own}`);
    return { folder, written: { ...written, for_replica: null }, imported, refused };
  }

  private log(e: Omit<SyncEvent, "at">) {
    this.history.unshift({ ...e, at: this.deps.stamp() });
  }
}
