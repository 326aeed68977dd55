/** Option lists shared by screens: measures grouped by result and program, groups by dimension. */
import type { Dimension } from "../bindings/Dimension";
import type { Measure } from "../bindings/Measure";
import type { PopulationResult } from "../bindings/PopulationResult";
import type { Program } from "../bindings/Program";
import type { RbaCategory } from "../bindings/RbaCategory";
import type { SelectGroup } from "./components/Select.svelte";

const SHORT: Record<RbaCategory, string> = { how_much: "How much", how_well: "How well", better_off: "Better off" };
const ORDER: Record<RbaCategory, number> = { how_much: 0, how_well: 1, better_off: 2 };

export function measureGroups(results: PopulationResult[], programs: Program[], measures: Measure[]): SelectGroup[] {
  const groups: SelectGroup[] = [];
  const used = new Set<string>();
  for (const r of results) {
    const options = measures
      .filter((m) => m.kind === "indicator" && m.result_id === r.id)
      .map((m) => (used.add(m.id), { value: m.id, label: m.name }));
    if (options.length) groups.push({ label: `Result: ${r.name}`, options });
  }
  for (const p of programs) {
    const options = measures
      .filter((m) => m.kind === "performance" && m.program_id === p.id)
      .sort((a, b) => ORDER[a.category ?? "how_much"] - ORDER[b.category ?? "how_much"] || a.position - b.position)
      .map((m) => (used.add(m.id), { value: m.id, label: m.category ? `${m.name} (${SHORT[m.category]})` : m.name }));
    if (options.length) groups.push({ label: `Program: ${p.name}`, options });
  }
  const rest = measures.filter((m) => !used.has(m.id)).map((m) => ({ value: m.id, label: m.name }));
  if (rest.length) groups.push({ label: "Other measures", options: rest });
  return groups;
}

export function dimensionGroups(dimensions: Dimension[]): SelectGroup[] {
  return dimensions
    .filter((d) => d.groups.length > 0)
    .map((d) => ({
      label: d.name,
      options: [...d.groups].sort((a, b) => a.position - b.position).map((g) => ({ value: g.id, label: g.name })),
    }));
}
