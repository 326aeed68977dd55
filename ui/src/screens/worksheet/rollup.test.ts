import { describe, expect, it } from "vitest";
import { seeded } from "../../test-utils";

const blank = { how_doing: "", factors: [], partners: [], ideas: [], action_plan: "" };

describe("the scorecard's 'story updated' share (memory backend)", () => {
  it("counts the measures with data whose worksheet was saved since their latest value", async () => {
    const s = await seeded();
    const share = async () => (await s.memory.scorecard(s.initiative.id, null)).rollups.initiative.story_updated;
    // No data yet: nothing to count.
    expect((await share()).denominator).toBe(0);
    await s.memory.saveObservations(s.measure.id, [
      { period: "2024", group_ids: [], value: "60", target: null, target_low: null, target_high: null, note: null, suppressed: null },
    ]);
    expect(await share()).toMatchObject({ numerator: 0, denominator: 1 });
    await s.memory.saveWorksheet(s.measure.id, { ...blank, story: "Up." });
    const after = await share();
    expect(after).toMatchObject({ numerator: 1, denominator: 1 });
    expect(after.label).toBe("1 of 1 measures with data is covered by a story updated since their latest value");
  });
});
