/** Words for the worksheet's choices (the stored values are the bindings' snake_case). */
import type { ActionStatus } from "../../bindings/ActionStatus";
import type { FactorKind } from "../../bindings/FactorKind";
import type { IdeaSource } from "../../bindings/IdeaSource";
import type { RoleTier } from "../../bindings/RoleTier";

export const FACTOR_KINDS: { value: FactorKind; label: string }[] = [
  { value: "contributing", label: "Contributing" },
  { value: "restricting", label: "Restricting" },
];

export const IDEA_SOURCES: { value: IdeaSource; label: string }[] = [
  { value: "research", label: "Research" },
  { value: "community", label: "Community wisdom" },
  { value: "partner", label: "Partner experience" },
  { value: "other", label: "Other" },
];

export const ROLE_TIERS: { value: RoleTier; label: string }[] = [
  { value: "strategic", label: "Strategic" },
  { value: "mid_tier", label: "Mid-tier" },
];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  done: "Done",
  dropped: "Dropped",
};

export function label<T extends string>(options: { value: T; label: string }[], value: T | null | undefined): string {
  return options.find((o) => o.value === value)?.label ?? "";
}
