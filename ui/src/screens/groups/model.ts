/**
 * What the Groups screen does: each action calls the backend and puts the dimension it
 * answers with into the app's list (no reload of everything). Errors that belong to a
 * field the screen shows inline (an alias, a new group's name) come back as text; others
 * go to the app's banner.
 */
import { tick } from "svelte";
import { toApiError } from "../../backend";
import type { Dimension } from "../../bindings/Dimension";
import type { Group } from "../../bindings/Group";
import type { MergeReport } from "../../bindings/MergeReport";
import type { MoveDirection } from "../../bindings/MoveDirection";
import type { AppState } from "../../lib/app.svelte";

/** The kinds of dimension the app knows, as offered. */
export const DIMENSION_KINDS = [
  { value: "race_ethnicity", label: "Race/ethnicity" },
  { value: "geography", label: "Geography" },
  { value: "sex_gender", label: "Sex/gender" },
  { value: "age_band", label: "Age band" },
  { value: "income_band", label: "Income band" },
  { value: "other", label: "Other" },
];

/** "3 values", "1 value". */
export function values(n: number): string {
  return `${n} value${n === 1 ? "" : "s"}`;
}

export class GroupsModel {
  constructor(private readonly app: AppState) {}

  private put(d: Dimension) {
    this.app.dimensions = this.app.dimensions.map((x) => (x.id === d.id ? d : x));
  }

  private async run(action: () => Promise<Dimension>): Promise<void> {
    try {
      this.put(await action());
    } catch (e) {
      this.app.fail(e);
    }
  }

  /** Runs `action`; an error on `field` comes back as its message, others go to the banner. */
  private async inline(field: string, action: () => Promise<Dimension>): Promise<string | null> {
    try {
      this.put(await action());
      return null;
    } catch (e) {
      const err = toApiError(e);
      if (err.field === field) return err.message;
      this.app.fail(e);
      return null;
    }
  }

  setReference(dimensionId: string, groupId: string | null) {
    return this.run(() => this.app.backend.setReferenceGroup(dimensionId, groupId));
  }

  setKind(dimensionId: string, kind: string) {
    return this.run(() => this.app.backend.setDimensionKind(dimensionId, kind));
  }

  /** Moves a group and keeps focus on the button pressed (or its twin at an end). */
  async moveGroup(group: Group, direction: MoveDirection) {
    await this.run(() => this.app.backend.moveGroup(group.id, direction));
    await refocus(`[data-group-id="${group.id}"]`, "move", direction);
  }

  async moveDimension(dimension: Dimension, direction: MoveDirection) {
    try {
      const all = await this.app.backend.moveDimension(dimension.id, direction);
      this.app.dimensions = all;
    } catch (e) {
      this.app.fail(e);
    }
    await refocus(`[data-dimension-id="${dimension.id}"]`, "dimension", direction);
  }

  removeAlias(aliasId: string) {
    return this.run(() => this.app.backend.removeGroupAlias(aliasId));
  }

  addAlias(groupId: string, alias: string) {
    return this.inline("alias", () => this.app.backend.addGroupAlias(groupId, alias));
  }

  addGroup(dimension: Dimension, name: string) {
    return this.inline("name", async () => {
      const group = await this.app.backend.createGroup(dimension.id, name);
      return { ...dimension, groups: [...dimension.groups, group] };
    });
  }

  /** Rename: errors are for the form that asked (it shows them at its field). */
  async renameGroup(groupId: string, name: string) {
    this.put(await this.app.backend.renameGroup(groupId, name));
  }

  async renameDimension(dimensionId: string, name: string) {
    this.put(await this.app.backend.renameDimension(dimensionId, name));
  }

  async createDimension(name: string, kind: string) {
    const d = await this.app.backend.createDimension(this.app.currentId ?? "", name, kind);
    this.app.dimensions = [...this.app.dimensions, d];
  }

  deleteGroup(dimension: Dimension, group: Group) {
    return this.app.deleteWithUndo("group", group.id, `${dimension.name}: ${group.name}`);
  }

  deleteDimension(dimension: Dimension) {
    return this.app.deleteWithUndo("dimension", dimension.id, dimension.name);
  }

  /** After a merge: the values moved, so everything that shows them is reloaded. */
  async merged(report: MergeReport) {
    this.put(report.dimension);
    await this.app.refresh();
    this.app.toasts.show(
      `Merged “${report.from}” into “${report.into}”: ${values(report.moved)} moved; “${report.from}” is now an alias of “${report.into}”.`,
      { tone: "success" },
    );
  }
}

/**
 * Puts focus back on the move button (`${prefix}-up`, `${prefix}-down`) of `scope` after it
 * moved: the DOM node moved with its row, which can drop focus; at an end, on its twin.
 */
async function refocus(scope: string, prefix: string, direction: MoveDirection) {
  await tick();
  const other = direction === "up" ? "down" : "up";
  const at = (d: string) => document.querySelector<HTMLButtonElement>(`${scope} [data-testid="${prefix}-${d}"]`);
  const button = at(direction);
  (button && !button.disabled ? button : at(other))?.focus();
}
