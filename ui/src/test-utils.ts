/** Helpers for component tests: a seeded in-memory backend and the whole app rendered on it. */
import { render, screen, waitFor } from "@testing-library/svelte";
import { expect } from "vitest";
import App from "./App.svelte";
import { setBackend } from "./backend";
import { MemoryBackend } from "./backend/memory";
import type { MeasureInput } from "./bindings/MeasureInput";

export const NOW = new Date("2025-03-15T12:00:00Z");

export function indicatorInput(resultId: string, over: Partial<MeasureInput> = {}): MeasureInput {
  return {
    kind: "indicator",
    result_id: resultId,
    program_id: null,
    category: null,
    name: "Third-grade reading proficiency",
    definition: "",
    unit: "percent",
    rate_per: null,
    polarity: "higher",
    calendar: "year",
    calendar_start_month: null,
    baseline_period: null,
    data_source: "State assessment",
    headline: true,
    data_development: false,
    cumulative: false,
    ...over,
  };
}

/** One initiative with a partner, a result and a yearly percent indicator with no data. */
export async function seeded(over: Partial<MeasureInput> = {}) {
  const memory = new MemoryBackend({ now: () => NOW });
  const initiative = await memory.createInitiative({
    name: "Eastside Promise",
    shared_result: "Every child on the east side thrives from cradle to career.",
    geography: "Eastside",
    sectoral_home: "nonprofit",
    backbone_org: "Eastside Promise Inc.",
    equity_statement: "",
  });
  const partner = await memory.createPartner(initiative.id, {
    name: "Eastside Library",
    sector: "public",
    tier: "mid_tier",
    contact_name: "",
    contact_email: "",
    contact_phone: "",
    notes: "",
  });
  const result = await memory.createResult(initiative.id, { name: "Children read well by third grade", description: "" });
  const measure = await memory.createMeasure(initiative.id, indicatorInput(result.id, over));
  memory.calls = [];
  return { memory, initiative, partner, result, measure };
}

export async function renderApp(memory: MemoryBackend) {
  setBackend(memory);
  const view = render(App);
  await waitFor(() => expect(screen.getByTestId("app")).toHaveAttribute("data-ready", "true"));
  return view;
}
