/** Words for partners' roles, shared by the partner page, the Results screen and the matrix. */
import type { ResultPartner } from "../../bindings/ResultPartner";
import type { RoleKind } from "../../bindings/RoleKind";
import type { RoleTier } from "../../bindings/RoleTier";

export const ROLE_TIERS: { value: RoleTier; label: string }[] = [
  { value: "strategic", label: "Strategic" },
  { value: "mid_tier", label: "Mid-tier" },
];

export function tierLabel(tier: RoleTier | null): string {
  return ROLE_TIERS.find((t) => t.value === tier)?.label ?? "";
}

export const ROLE_WORDS: Record<RoleKind, string> = {
  lead: "Lead",
  contributor: "Contributor",
  partner: "Partner with a role",
};

/** What a result partner's role is held on, in words: "the result", "indicator X", "program Y". */
export function throughText(p: ResultPartner): string {
  switch (p.through_kind) {
    case "result":
      return "the result itself";
    case "measure":
      return `indicator ${p.through_name}`;
    case "program":
      return `${p.role === "lead" ? "leads" : "contributes to"} program ${p.through_name}`;
  }
}
