/**
 * A small hand-made scorecard for component tests: two results with indicators, two
 * programs with measures under the RBA questions, and figures chosen by hand (the memory
 * backend computes none).
 */
import type { MeasureInput } from "../../bindings/MeasureInput";
import type { RbaCategory } from "../../bindings/RbaCategory";
import { indicatorInput, seeded } from "../../test-utils";

function measureInput(programId: string, category: RbaCategory, name: string, over: Partial<MeasureInput> = {}): MeasureInput {
  return {
    ...indicatorInput("", { kind: "performance", result_id: null, program_id: programId, category, name, unit: "number", headline: false }),
    ...over,
  };
}

export async function scorecardFixture() {
  const s = await seeded({ name: "Third-grade reading proficiency", headline: true });
  const { memory, initiative, partner: library, result: reading } = s;
  const health = await memory.createPartner(initiative.id, {
    name: "Eastside Health", sector: "health", tier: "strategic", contact_name: "", contact_email: "", contact_phone: "", notes: "",
  });
  const stable = await memory.createResult(initiative.id, { name: "Families are stable", description: "" });
  const kinder = await memory.createMeasure(initiative.id, indicatorInput(reading.id, { name: "Kindergarten readiness", headline: false }));
  const cards = await memory.createMeasure(initiative.id, indicatorInput(reading.id, { name: "Library cards issued", unit: "number", headline: false }));
  const absence = await memory.createMeasure(
    initiative.id,
    indicatorInput(stable.id, { name: "Chronic absence rate", polarity: "lower", headline: false }),
  );
  const summer = await memory.createProgram(initiative.id, {
    name: "Summer reading", description: "", lead_partner_id: library.id, result_ids: [reading.id], contributor_ids: [],
  });
  const visits = await memory.createProgram(initiative.id, {
    name: "Home visits", description: "", lead_partner_id: health.id, result_ids: [stable.id], contributor_ids: [],
  });
  const enrolled = await memory.createMeasure(initiative.id, measureInput(summer.id, "how_much", "Children enrolled"));
  const sessions = await memory.createMeasure(initiative.id, measureInput(summer.id, "how_well", "Sessions attended per child"));
  const onGrade = await memory.createMeasure(initiative.id, measureInput(summer.id, "better_off", "Children reading on grade level", { unit: "percent" }));
  const families = await memory.createMeasure(initiative.id, measureInput(visits.id, "how_much", "Families visited"));

  const values = [60, 62.5, 65, 67.5];
  await memory.saveObservations(
    s.measure.id,
    ["2021", "2022", "2023", "2024"].map((period, i) => ({
      period, group_ids: [], value: String(values[i]), target: i === 3 ? "67" : null, target_low: null, target_high: null,
      note: i === 1 ? "New test & <format>" : null, suppressed: null,
    })),
  );
  const up = { trend_direction: "up", trend_good: true } as const;
  memory.setFigures(s.measure.id, { ...up, trend_count: 3, target: 67, baseline: 60, baseline_change_pct: 12.5, status: "met", current_data: true });
  memory.setFigures(kinder.id, {
    period: "2024", actual: 41, history: [{ period: "2023", actual: 45 }, { period: "2024", actual: 41 }],
    trend_direction: "down", trend_count: 1, trend_good: false, target: 50, baseline: 45, baseline_change_pct: -8.9, status: "off_track",
  });
  memory.setFigures(cards.id, { period: "2024", actual: 1200, history: [{ period: "2024", actual: 1200 }], status: "no_target", why: { target: "no target set for 2024" } });
  memory.setFigures(absence.id, {
    period: "2024", actual: 18, history: [{ period: "2022", actual: 15 }, { period: "2023", actual: 16 }, { period: "2024", actual: 18 }],
    trend_direction: "up", trend_count: 2, trend_good: false, target: 12, baseline: 15, baseline_change_pct: 20, status: "off_track",
  });
  memory.setFigures(enrolled.id, {
    period: "2024", actual: 340, history: [{ period: "2023", actual: 300 }, { period: "2024", actual: 340 }],
    ...up, trend_count: 1, target: 320, baseline: 300, baseline_change_pct: 13.3, status: "met",
  });
  memory.setFigures(sessions.id, {
    period: "2024", actual: 8, history: [{ period: "2022", actual: 8 }, { period: "2023", actual: 8 }, { period: "2024", actual: 8 }],
    trend_direction: "flat", trend_count: 2, trend_good: null, target: 8.5, baseline: 8, baseline_change_pct: 0, status: "close",
  });
  memory.setFigures(onGrade.id, {
    period: "2024", actual: 44, history: [{ period: "2022", actual: 50 }, { period: "2023", actual: 47 }, { period: "2024", actual: 44 }],
    trend_direction: "down", trend_count: 2, trend_good: false, target: 55, baseline: 50, baseline_change_pct: -12, status: "off_track",
  });
  memory.calls = [];
  return { ...s, health, stable, kinder, cards, absence, summer, visits, enrolled, sessions, onGrade, families };
}
