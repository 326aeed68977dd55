/**
 * Equity figures for component tests, on top of the scorecard fixture: third-grade reading
 * by race/ethnicity (two periods, Asian the most favourable, one group suppressed in the
 * latest period), chronic absence by two dimensions, and the initiative's summary. Figures
 * are hand-made (the memory backend computes none).
 */
import type { EquitySummary } from "../../bindings/EquitySummary";
import type { GapSeries } from "../../bindings/GapSeries";
import { equityFigure, gapRollup, groupFigure, summaryRow } from "../../backend/memory-equity";
import { scorecardFixture } from "./fixture";

export async function equityFixture() {
  const f = await scorecardFixture();
  const { memory } = f;
  const reading = f.measure;
  const race = { id: "d-race", name: "Race/ethnicity", groups: 6 };
  const common = { measure: reading.name, measure_id: reading.id, dimension: race.name, dimension_id: race.id, periods: ["2022-23", "2023-24"] };
  const asian = (v: number) => groupFigure("Asian", { group_id: "g-asian", is_reference: true, value: v, rate_difference: 0, rate_ratio: 1 });
  memory.setEquity(reading.id, {
    dimensions: [race],
    figures: [
      equityFigure({
        ...common, period: "2022-23", reference_group: "Asian", reference_group_id: "g-asian",
        groups: [asian(61), groupFigure("Black", { group_id: "g-black", value: 37, rate_difference: -24, rate_ratio: 1.65 })],
        max_rate_ratio: 1.65, max_rate_difference: 24, index_of_disparity: 39.3,
      }),
      equityFigure({
        ...common, period: "2023-24", reference_group: "Asian", reference_group_id: "g-asian",
        groups: [
          asian(62),
          groupFigure("Black", {
            group_id: "g-black", value: 39.4, margin_of_error: 2.1, rate_difference: -22.6, rate_ratio: 1.57,
            gap_trend: "closing", previous_period: "2022-23", previous_rate_difference: -24,
          }),
          groupFigure("Hispanic/Latino", { group_id: "g-hisp", value: 40.7, rate_difference: -21.3, rate_ratio: 1.52, gap_trend: "widening", previous_period: "2022-23", previous_rate_difference: -20 }),
          groupFigure("Native American", { group_id: "g-native", suppressed: true }),
          groupFigure("White", { group_id: "g-white", value: 55.1, rate_difference: -6.9, rate_ratio: 1.13, why: { gap_trend: "no earlier period with values for both groups" } }),
          groupFigure("Two or more races", { group_id: "g-two", value: 47.3, rate_difference: -14.7, rate_ratio: 1.31, gap_trend: "unchanged", previous_period: "2022-23", previous_rate_difference: -14.7 }),
        ],
        max_rate_ratio: 1.57, max_rate_difference: 22.6, index_of_disparity: null,
        why: { index_of_disparity: "the fixture says so" },
        excluded_suppressed: ["Native American"],
      }),
    ],
    gaps: [
      {
        measure_id: reading.id, dimension_id: race.id, dimension: race.name, reference_group: "Asian", why: null,
        series: [
          {
            group: "Black", group_id: "g-black", reference_group: "Asian", reference_group_id: "g-asian", points: [],
            figures: {} as GapSeries["figures"] /* not shown by the UI */, sentence: "The gap between Black and Asian has closed 3 periods in a row.",
          },
        ],
      },
    ],
  });

  const absence = f.absence;
  const summary: EquitySummary = {
    initiative_id: f.initiative.id,
    rows: [
      summaryRow({
        measure_id: reading.id, measure: reading.name, result_id: f.result.id, groups: 6, period: "2023-24", reference_group: "Asian",
        max_rate_ratio: 1.57, max_rate_difference: 22.6, baseline_period: "2019-20", baseline_max_rate_ratio: 1.8,
        largest_gap: { group: "Black", group_id: "g-black", rate_difference: -22.6, rate_ratio: 1.57, gap_trend: "closing" },
        gaps_closing: 2, gaps_widening: 1, gaps_unchanged: 1, gaps_without_trend: 1,
      }),
      summaryRow({
        measure_id: absence.id, measure: absence.name, result_id: f.stable.id, polarity: "lower", groups: 3, period: "2024",
        reference_group: "White", max_rate_ratio: 1.4, baseline_period: "2022", baseline_max_rate_ratio: null,
        why: { baseline_max_rate_ratio: "a rate is 0" },
        largest_gap: { group: "Hispanic/Latino", group_id: "g-hisp", rate_difference: 4, rate_ratio: 1.4, gap_trend: "widening" },
        gaps_closing: 0, gaps_widening: 2, gaps_unchanged: 0, gaps_without_trend: 0,
      }),
      summaryRow({
        measure_id: absence.id, measure: absence.name, result_id: f.stable.id, polarity: "lower", dimension_id: "d-geo", dimension: "Geography",
        groups: 2, period: "2024", reference_group: "North", max_rate_ratio: 1.1,
        largest_gap: { group: "South", group_id: "g-south", rate_difference: 1.5, rate_ratio: 1.1, gap_trend: "unchanged" },
        gaps_closing: 0, gaps_widening: 0, gaps_unchanged: 1, gaps_without_trend: 0,
      }),
    ],
    initiative: gapRollup("initiative", f.initiative.id, f.initiative.name, 2, 3, 7),
    results: [
      gapRollup("result", f.result.id, f.result.name, 2, 1, 4),
      gapRollup("result", f.stable.id, f.stable.name, 0, 2, 3),
    ],
    programs: [],
  };
  memory.setEquitySummary(f.initiative.id, summary);
  memory.calls = [];
  return { ...f, race };
}
