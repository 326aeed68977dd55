import { describe, expect, it } from "vitest";
import type { ObservationEdit } from "../bindings/ObservationEdit";
import { seeded } from "../test-utils";

const edit = (period: string, groupIds: string[], value: string): ObservationEdit => ({
  period, group_ids: groupIds, value, target: null, target_low: null, target_high: null, note: null, suppressed: null,
});

async function withGroups() {
  const s = await seeded();
  const race = s.memory.addDimension(s.initiative.id, "Race/ethnicity", ["Asian", "Asian Students", "White"]);
  const [asian, students, white] = race.groups;
  return { ...s, race, asian, students, white };
}

describe("MemoryBackend groups behave like the store", () => {
  it("keeps labels unique in a dimension, names and aliases alike", async () => {
    const { memory, asian, students, white } = await withGroups();
    await expect(memory.addGroupAlias(asian.id, " asian students ")).rejects.toMatchObject({
      code: "invalid_input", field: "alias", message: expect.stringContaining('merge "Asian Students" into "Asian"'),
    });
    const d = await memory.addGroupAlias(asian.id, " Asian American ");
    expect(d.groups[0].aliases.map((a) => a.alias)).toEqual(["Asian American"]);
    await expect(memory.addGroupAlias(white.id, "ASIAN AMERICAN")).rejects.toMatchObject({ field: "alias" });
    await expect(memory.renameGroup(students.id, "asian american")).rejects.toMatchObject({ field: "name" });
    // Its own alias as its name: the alias goes.
    const renamed = await memory.renameGroup(asian.id, "Asian American");
    expect(renamed.groups[0]).toMatchObject({ name: "Asian American", aliases: [] });
  });

  it("moves groups, stopping at the ends, and keeps one reference", async () => {
    const { memory, race, asian, white } = await withGroups();
    expect((await memory.moveGroup(white.id, "up")).groups.map((g) => g.name)).toEqual(["Asian", "White", "Asian Students"]);
    expect((await memory.moveGroup(asian.id, "up")).groups.map((g) => g.name)).toEqual(["Asian", "White", "Asian Students"]);
    await memory.setReferenceGroup(race.id, asian.id);
    const d = await memory.setReferenceGroup(race.id, white.id);
    expect(d.groups.filter((g) => g.is_reference).map((g) => g.name)).toEqual(["White"]);
  });

  it("merges: values move, conflicts are refused with nothing changed, the name becomes an alias", async () => {
    const { memory, measure, race, asian, students } = await withGroups();
    await memory.saveObservations(measure.id, [edit("2022", [asian.id], "10"), edit("2023", [students.id], "12")]);
    await memory.saveObservations(measure.id, [edit("2022", [students.id], "11")]);
    await expect(memory.mergeGroups(students.id, asian.id, false)).rejects.toMatchObject({
      code: "conflict", message: expect.stringContaining('2022: "Asian" has 10, "Asian Students" has 11'),
    });
    expect((await memory.listDimensions(race.initiative_id))[0].groups).toHaveLength(3);

    await memory.saveObservations(measure.id, [edit("2022", [students.id], "10")]);
    const preview = await memory.mergeGroups(students.id, asian.id, true);
    expect(preview).toMatchObject({ moved: 1, already_there: 1, dry_run: true, measures: [measure.name] });
    expect((await memory.listDimensions(race.initiative_id))[0].groups).toHaveLength(3);
    const report = await memory.mergeGroups(students.id, asian.id, false);
    expect(report.dimension.groups.map((g) => g.name)).toEqual(["Asian", "White"]);
    expect(report.dimension.groups[0].aliases.map((a) => a.alias)).toEqual(["Asian Students"]);
    const grid = await memory.measureGrid(measure.id, [asian.id]);
    expect(grid.filter((r) => r.observation).map((r) => [r.period.label, r.observation!.value])).toEqual([["2022", 10], ["2023", 12]]);
    expect(await memory.listTrash(race.initiative_id)).toMatchObject([{ kind: "group", name: "Race/ethnicity: Asian Students" }]);
    // Its name is an alias of Asian now, so it cannot come back as it was.
    await expect(memory.restoreItem("group", students.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("puts a group and its values in the trash and brings them back", async () => {
    const { memory, measure, race, white } = await withGroups();
    await memory.saveObservations(measure.id, [edit("2022", [white.id], "50")]);
    await memory.deleteItem("group", white.id);
    expect((await memory.listDimensions(race.initiative_id))[0].groups.map((g) => g.name)).toEqual(["Asian", "Asian Students"]);
    expect((await memory.measureGrid(measure.id, [white.id])).some((r) => r.observation)).toBe(false);
    await memory.restoreItem("group", white.id);
    expect((await memory.listDimensions(race.initiative_id))[0].groups.map((g) => g.name)).toEqual(["Asian", "Asian Students", "White"]);
    expect((await memory.measureGrid(measure.id, [white.id])).find((r) => r.observation)?.observation?.value).toBe(50);
  });
});
