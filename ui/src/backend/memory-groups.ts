/**
 * Dimensions, groups and aliases for the in-memory backend (component tests only),
 * behaving as the core does (src/store/dimensions/): labels are unique, trimmed and in any
 * case, among a dimension's group names and aliases; dimension names within an
 * initiative; at most one reference group; moves stop at the ends; a merge moves the
 * values (refused with `conflict`, nothing changed, when they differ), makes the merged
 * group's name an alias and puts it in the trash; a group's values go to the trash with it.
 *
 * The live dimensions stay in the backend's `dimensions` map (in display order); what is
 * in the trash is kept here.
 */
import type { Dimension } from "../bindings/Dimension";
import type { Group } from "../bindings/Group";
import type { MergeReport } from "../bindings/MergeReport";
import type { MoveDirection } from "../bindings/MoveDirection";
import type { Observation } from "../bindings/Observation";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError } from "./index";

interface Stored<T> {
  row: T;
  deleted_at: string | null;
}

/** What the groups need of the memory backend. */
export interface GroupsHost {
  dimensions(): Map<string, Dimension>;
  observations(): Map<string, Stored<Observation>>;
  measureName(id: string): string;
  id(prefix: string): string;
  stamp(): string;
}

export const KNOWN_KINDS = ["race_ethnicity", "geography", "sex_gender", "age_band", "income_band", "other"];

const clone = <T>(x: T): T => structuredClone(x);
export const labelKey = (label: string) => label.trim().toLowerCase();
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");

type Taken = { kind: "name" | "alias"; group: Group; aliasId?: string };

export class MemoryGroups {
  /** Groups in the trash on their own, with their dimension's id. */
  private trashedGroups = new Map<string, { group: Group; deleted_at: string }>();
  /** Dimensions in the trash, with the groups that went with them, and their place. */
  private trashedDimensions = new Map<string, { dimension: Dimension; deleted_at: string; index: number }>();

  constructor(private readonly host: GroupsHost) {}

  private dims() {
    return this.host.dimensions();
  }

  private dimension(id: string): Dimension {
    const d = this.dims().get(id);
    if (!d) throw apiError("not_found", `dimension ${id} does not exist`);
    return d;
  }

  private findGroup(id: string): { dimension: Dimension; group: Group; index: number } {
    for (const dimension of this.dims().values()) {
      const index = dimension.groups.findIndex((g) => g.id === id);
      if (index >= 0) return { dimension, group: dimension.groups[index], index };
    }
    throw apiError("not_found", `group ${id} does not exist`);
  }

  private taken(dimension: Dimension, label: string): Taken | null {
    const key = labelKey(label);
    for (const group of dimension.groups) if (labelKey(group.name) === key) return { kind: "name", group };
    for (const group of dimension.groups)
      for (const a of group.aliases) if (labelKey(a.alias) === key) return { kind: "alias", group, aliasId: a.id };
    return null;
  }

  private checkGroupName(dimension: Dimension, name: string, except: string | null): string {
    const trimmed = name.trim();
    if (!trimmed) throw apiError("invalid_input", "The group needs a name", "name");
    const t = this.taken(dimension, trimmed);
    if (t && t.group.id !== except) {
      throw t.kind === "name"
        ? apiError("invalid_input", `This dimension already has a group "${t.group.name}"; if they are one group, merge them instead`, "name")
        : apiError("invalid_input", `"${trimmed}" is an alias of the group "${t.group.name}"; remove that alias first, or merge the groups`, "name");
    }
    return trimmed;
  }

  private checkDimensionName(initiativeId: string, name: string, except: string | null): string {
    const trimmed = name.trim();
    if (!trimmed) throw apiError("invalid_input", "The dimension needs a name", "name");
    for (const d of this.dims().values())
      if (d.initiative_id === initiativeId && d.id !== except && labelKey(d.name) === labelKey(trimmed))
        throw apiError("invalid_input", `This initiative already has a dimension "${d.name}"`, "name");
    return trimmed;
  }

  private checkKind(kind: string): string {
    const k = kind.trim();
    if (KNOWN_KINDS.includes(k) || /^[a-z][a-z0-9_]{0,39}$/.test(k)) return k;
    throw apiError("invalid_input", `"${k}" is not a dimension kind: use ${KNOWN_KINDS.join(", ")}, or a word of your own in lowercase letters, digits and _`, "kind");
  }

  private renumber(dimension: Dimension) {
    dimension.groups.forEach((g, i) => (g.position = i + 1));
  }

  // ---- dimensions -------------------------------------------------------------------

  createDimension(initiativeId: string, name: string, kind: string): Dimension {
    const trimmed = this.checkDimensionName(initiativeId, name, null);
    const d: Dimension = { id: this.host.id("dimension"), initiative_id: initiativeId, name: trimmed, kind: this.checkKind(kind), groups: [] };
    this.dims().set(d.id, d);
    return clone(d);
  }

  renameDimension(id: string, name: string): Dimension {
    const d = this.dimension(id);
    d.name = this.checkDimensionName(d.initiative_id, name, id);
    return clone(d);
  }

  setDimensionKind(id: string, kind: string): Dimension {
    const d = this.dimension(id);
    d.kind = this.checkKind(kind);
    return clone(d);
  }

  moveDimension(id: string, direction: MoveDirection): Dimension[] {
    const d = this.dimension(id);
    const all = [...this.dims().values()];
    const mine = all.filter((x) => x.initiative_id === d.initiative_id);
    const at = mine.indexOf(d);
    const to = direction === "up" ? at - 1 : at + 1;
    if (to >= 0 && to < mine.length) {
      const [a, b] = [all.indexOf(mine[at]), all.indexOf(mine[to])];
      [all[a], all[b]] = [all[b], all[a]];
      this.dims().clear();
      for (const x of all) this.dims().set(x.id, x);
    }
    return [...this.dims().values()].filter((x) => x.initiative_id === d.initiative_id).map(clone);
  }

  // ---- groups -------------------------------------------------------------------------

  createGroup(dimensionId: string, name: string): Group {
    const d = this.dimension(dimensionId);
    const g: Group = { id: this.host.id("group"), dimension_id: d.id, name: this.checkGroupName(d, name, null), is_reference: false, position: d.groups.length + 1, aliases: [] };
    d.groups.push(g);
    return clone(g);
  }

  renameGroup(id: string, name: string): Dimension {
    const { dimension, group } = this.findGroup(id);
    const trimmed = this.checkGroupName(dimension, name, id);
    group.aliases = group.aliases.filter((a) => labelKey(a.alias) !== labelKey(trimmed));
    group.name = trimmed;
    return clone(dimension);
  }

  setReferenceGroup(dimensionId: string, groupId: string | null): Dimension {
    const d = this.dimension(dimensionId);
    if (groupId !== null && !d.groups.some((g) => g.id === groupId))
      throw apiError("invalid_input", `No live group with id ${groupId} belongs to this dimension`, "group_id");
    for (const g of d.groups) g.is_reference = g.id === groupId;
    return clone(d);
  }

  moveGroup(id: string, direction: MoveDirection): Dimension {
    const { dimension, index } = this.findGroup(id);
    const to = direction === "up" ? index - 1 : index + 1;
    if (to >= 0 && to < dimension.groups.length) {
      const gs = dimension.groups;
      [gs[index], gs[to]] = [gs[to], gs[index]];
      this.renumber(dimension);
    }
    return clone(dimension);
  }

  addGroupAlias(groupId: string, alias: string): Dimension {
    const { dimension, group } = this.findGroup(groupId);
    const trimmed = alias.trim();
    if (!trimmed) throw apiError("invalid_input", "Type the other label of the group", "alias");
    const t = this.taken(dimension, trimmed);
    if (t) {
      const mine = t.group.id === groupId;
      const message =
        t.kind === "name"
          ? mine
            ? `"${trimmed}" is this group's name already`
            : `"${trimmed}" is the name of another group of this dimension; to make "${t.group.name}" and "${group.name}" one group, merge "${t.group.name}" into "${group.name}" instead of adding an alias`
          : mine
            ? `"${trimmed}" is an alias of this group already`
            : `"${trimmed}" is an alias of the group "${t.group.name}" already; remove it there first`;
      throw apiError("invalid_input", message, "alias");
    }
    group.aliases.push({ id: this.host.id("alias"), alias: trimmed });
    group.aliases.sort((a, b) => a.alias.toLowerCase().localeCompare(b.alias.toLowerCase()));
    return clone(dimension);
  }

  removeGroupAlias(aliasId: string): Dimension {
    for (const d of this.dims().values())
      for (const g of d.groups) {
        const i = g.aliases.findIndex((a) => a.id === aliasId);
        if (i >= 0) {
          g.aliases.splice(i, 1);
          return clone(d);
        }
      }
    throw apiError("not_found", `alias ${aliasId} does not exist`);
  }

  // ---- merge ------------------------------------------------------------------------

  mergeGroups(fromId: string, intoId: string, dryRun: boolean): MergeReport {
    if (fromId === intoId) throw apiError("invalid_input", "A group cannot be merged into itself; choose another group", "into_id");
    const from = this.findGroup(fromId);
    const into = this.findGroup(intoId);
    if (from.dimension !== into.dimension)
      throw apiError("invalid_input", `"${from.group.name}" and "${into.group.name}" are groups of different dimensions; only groups of one dimension can be merged`, "into_id");
    const observations = this.host.observations();
    const live = [...observations.values()].filter((o) => !o.deleted_at);
    const hasValue = (o: Observation) => o.value !== null || o.suppressed;
    const describe = (o: Observation) => (o.value !== null ? String(o.value) : o.suppressed ? "suppressed" : "no value");
    const plan: { b: Stored<Observation>; target: string[]; a: Stored<Observation> | undefined }[] = [];
    const conflicts: string[] = [];
    for (const b of live.filter((o) => o.row.group_ids.includes(fromId))) {
      const target = b.row.group_ids.map((g) => (g === fromId ? intoId : g));
      const a = live.find((o) => o.row.measure_id === b.row.measure_id && o.row.period === b.row.period && sameSet(o.row.group_ids, target));
      if (a && hasValue(a.row) && hasValue(b.row) && (a.row.value !== b.row.value || a.row.suppressed !== b.row.suppressed))
        conflicts.push(`  ${b.row.period}: "${into.group.name}" has ${describe(a.row)}, "${from.group.name}" has ${describe(b.row)}`);
      plan.push({ b, target, a });
    }
    if (conflicts.length > 0) {
      const n = conflicts.length;
      throw apiError(
        "conflict",
        `"${from.group.name}" cannot be merged into "${into.group.name}": ${n} value${n === 1 ? "" : "s"} differ${n === 1 ? "s" : ""}, so nothing was changed. Correct or delete one of each pair, then merge again:\n${conflicts.slice(0, 10).join("\n")}`,
      );
    }
    let moved = 0;
    let alreadyThere = 0;
    for (const { b, a } of plan) {
      if (!a || (hasValue(b.row) && !hasValue(a.row))) moved += 1;
      else alreadyThere += 1;
    }
    const merged = (dimension: Dimension): Dimension => {
      const after = clone(dimension);
      const b = after.groups.find((g) => g.id === fromId)!;
      const a = after.groups.find((g) => g.id === intoId)!;
      after.groups = after.groups.filter((g) => g.id !== fromId);
      a.aliases.push(...b.aliases);
      if (labelKey(b.name) !== labelKey(a.name) && !this.taken(after, b.name)) a.aliases.push({ id: this.host.id("alias"), alias: b.name });
      a.aliases.sort((x, y) => x.alias.toLowerCase().localeCompare(y.alias.toLowerCase()));
      if (b.is_reference) a.is_reference = true;
      return after;
    };
    const report: MergeReport = {
      from: from.group.name, into: into.group.name, moved, already_there: alreadyThere, dry_run: dryRun,
      measures: [...new Set(plan.map((p) => this.host.measureName(p.b.row.measure_id)))].sort(),
      dimension: merged(from.dimension),
    };
    if (dryRun) return report;
    const t = this.host.stamp();
    for (const { b, target, a } of plan) {
      if (!a) b.row.group_ids = target;
      else {
        if (!hasValue(a.row) && hasValue(b.row)) Object.assign(a.row, { value: b.row.value, suppressed: b.row.suppressed });
        a.row.note ??= b.row.note;
        a.row.target ??= b.row.target;
      }
    }
    const after = report.dimension;
    from.group.aliases = [];
    from.group.is_reference = false;
    this.deleteGroup(fromId, t);
    Object.assign(from.dimension, clone(after));
    return report;
  }

  // ---- trash --------------------------------------------------------------------------

  private stampValues(groupIds: string[], at: string) {
    for (const o of this.host.observations().values())
      if (!o.deleted_at && o.row.group_ids.some((g) => groupIds.includes(g))) o.deleted_at = at;
  }

  private unstampValues(groupIds: string[], at: string) {
    const trashed = new Set([...this.trashedGroups.keys(), ...[...this.trashedDimensions.values()].flatMap((d) => d.dimension.groups.map((g) => g.id))]);
    for (const o of this.host.observations().values())
      if (o.deleted_at === at && o.row.group_ids.some((g) => groupIds.includes(g)) && !o.row.group_ids.some((g) => trashed.has(g)))
        o.deleted_at = null;
  }

  private deleteGroup(id: string, at: string) {
    const { dimension, index, group } = this.findGroup(id);
    dimension.groups.splice(index, 1);
    this.trashedGroups.set(id, { group, deleted_at: at });
    this.stampValues([id], at);
  }

  /** Moves a group or a dimension (with its groups and their values) to the trash. */
  delete(kind: "group" | "dimension", id: string, at: string): void {
    if (kind === "group") return this.deleteGroup(id, at);
    const d = this.dimension(id);
    const index = [...this.dims().keys()].indexOf(id);
    this.dims().delete(id);
    this.trashedDimensions.set(id, { dimension: d, deleted_at: at, index });
    this.stampValues(d.groups.map((g) => g.id), at);
  }

  /** Brings a group or dimension back, refusing as the core does. */
  restore(kind: "group" | "dimension", id: string): void {
    if (kind === "dimension") {
      const t = this.trashedDimensions.get(id);
      if (!t) throw apiError("not_found", `dimension ${id} in the trash does not exist`);
      const d = t.dimension;
      if ([...this.dims().values()].some((x) => x.initiative_id === d.initiative_id && labelKey(x.name) === labelKey(d.name)))
        throw apiError("conflict", `The dimension "${d.name}" cannot come back: another dimension has that name now. Rename it first`);
      this.trashedDimensions.delete(id);
      const all = [...this.dims().values()];
      all.splice(Math.min(t.index, all.length), 0, d);
      this.dims().clear();
      for (const x of all) this.dims().set(x.id, x);
      this.unstampValues(d.groups.map((g) => g.id), t.deleted_at);
      return;
    }
    const t = this.trashedGroups.get(id);
    if (!t) throw apiError("not_found", `group ${id} in the trash does not exist`);
    const d = this.dims().get(t.group.dimension_id);
    if (!d) throw apiError("conflict", "This group belongs to a dimension that is in the trash; restore that first");
    for (const label of [t.group.name, ...t.group.aliases.map((a) => a.alias)]) {
      const clash = this.taken(d, label);
      if (clash)
        throw apiError("conflict", `The group "${t.group.name}" cannot come back: "${label}" is now ${clash.kind === "name" ? "the group" : "an alias of the group"} "${clash.group.name}". Rename one of them, remove the alias, or leave "${t.group.name}" in the trash`);
    }
    this.trashedGroups.delete(id);
    if (t.group.is_reference && d.groups.some((g) => g.is_reference)) t.group.is_reference = false;
    d.groups.push(t.group);
    d.groups.sort((a, b) => a.position - b.position);
    this.unstampValues([id], t.deleted_at);
  }

  /** The trash's groups and dimensions of `initiativeId` (all when null). */
  trash(initiativeId: string | null): TrashItem[] {
    const items: TrashItem[] = [];
    for (const { dimension, deleted_at } of this.trashedDimensions.values())
      if (initiativeId === null || dimension.initiative_id === initiativeId)
        items.push({ kind: "dimension", id: dimension.id, name: dimension.name, deleted_at, initiative_id: dimension.initiative_id });
    for (const { group, deleted_at } of this.trashedGroups.values()) {
      const d = this.dims().get(group.dimension_id) ?? this.trashedDimensions.get(group.dimension_id)?.dimension;
      if (d && (initiativeId === null || d.initiative_id === initiativeId))
        items.push({ kind: "group", id: group.id, name: `${d.name}: ${group.name}`, deleted_at, initiative_id: d.initiative_id });
    }
    return items;
  }
}
