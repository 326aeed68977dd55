/**
 * Partners' roles and contributions for the in-memory backend (component tests only),
 * following the core's rules (src/store/contributions.rs): `partner` roles on results and
 * measures live here, with the role in words and a tier; a program's lead and
 * contributors come from the program itself. A role counts while it, its partner and its
 * target are live. Roles on a result's indicators count under the result in the matrix,
 * roles on a program's measures under the program.
 */
import type { Action } from "../bindings/Action";
import type { CellRole } from "../bindings/CellRole";
import type { ContributionsMatrix } from "../bindings/ContributionsMatrix";
import type { HeldRole } from "../bindings/HeldRole";
import type { Measure } from "../bindings/Measure";
import type { Partner } from "../bindings/Partner";
import type { PartnerProfile } from "../bindings/PartnerProfile";
import type { PartnerRole } from "../bindings/PartnerRole";
import type { PopulationResult } from "../bindings/PopulationResult";
import type { Program } from "../bindings/Program";
import type { ResultPartner } from "../bindings/ResultPartner";
import type { RoleKind } from "../bindings/RoleKind";
import type { RoleTarget } from "../bindings/RoleTarget";
import type { RoleTier } from "../bindings/RoleTier";
import type { TrashItem } from "../bindings/TrashItem";
import { apiError } from "./index";

/** What the contributions model reads from the rest of the memory store (live rows only). */
export interface ContributionsDeps {
  partner(id: string): Partner | null;
  /** Live partners of an initiative, by name. */
  partners(initiativeId: string): Partner[];
  result(id: string): PopulationResult | null;
  /** Live results in display order. */
  results(initiativeId: string): PopulationResult[];
  /** Live programs in display order. */
  programs(initiativeId: string): Program[];
  /** A live measure whose result or program is live. */
  measure(id: string): Measure | null;
  /** The partner's open actions, by due date. */
  openActions(initiativeId: string, partnerId: string): Promise<Action[]>;
  id(prefix: string): string;
  stamp(): string;
}

interface StoredRole {
  row: PartnerRole;
  initiative_id: string;
  deleted_at: string | null;
}

/** A live role with what it is held on (program roles included). */
interface LiveRole {
  id: string;
  partner: Partner;
  target_kind: RoleTarget;
  target_id: string;
  target_name: string;
  target_position: number;
  role: RoleKind;
  description: string;
  tier: RoleTier | null;
  /** For a measure: the result or program it belongs to. */
  parent: { kind: RoleTarget; id: string; name: string; position: number } | null;
}

const RANK: Record<RoleKind, number> = { lead: 0, contributor: 1, partner: 2 };

/** "lead", "contributor", "partner: <words>", "partner on <measure>: <words>". */
export function roleLabel(role: RoleKind, measureName: string | null, description: string): string {
  let s: string = role;
  if (measureName) s += ` on ${measureName}`;
  const d = description.trim();
  if (d) s += `: ${d}`;
  return s;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The matrix as the core's CSV: Partner, then one column per result and program. */
export function matrixCsv(m: ContributionsMatrix): string {
  const lines = [["Partner", ...m.columns.map((c) => c.name)]];
  for (const r of m.rows) lines.push([r.partner_name, ...r.cells.map((c) => c.map((x) => x.label).join(" | "))]);
  return lines.map((l) => l.map(csvField).join(",")).join("\n") + "\n";
}

export class MemoryContributions {
  roles = new Map<string, StoredRole>();
  /** CSV files written by exportContributions, by path. */
  files = new Map<string, string>();

  constructor(private readonly deps: ContributionsDeps) {}

  private live(initiativeId: string, partnerId: string | null): LiveRole[] {
    const out: LiveRole[] = [];
    const programs = this.deps.programs(initiativeId);
    programs.forEach((p, i) => {
      const holders: [string, RoleKind][] = [
        ...(p.lead_partner_id ? [[p.lead_partner_id, "lead"] as [string, RoleKind]] : []),
        ...p.contributor_ids.map((id) => [id, "contributor"] as [string, RoleKind]),
      ];
      for (const [pid, role] of holders) {
        const partner = this.deps.partner(pid);
        if (!partner || (partnerId && pid !== partnerId)) continue;
        out.push({
          id: `${role}:${p.id}:${pid}`, partner, target_kind: "program", target_id: p.id, target_name: p.name,
          target_position: i, role, description: "", tier: null, parent: null,
        });
      }
    });
    const results = this.deps.results(initiativeId);
    for (const s of this.roles.values()) {
      if (s.deleted_at || s.initiative_id !== initiativeId) continue;
      const r = s.row;
      if (partnerId && r.partner_id !== partnerId) continue;
      const partner = this.deps.partner(r.partner_id);
      if (!partner) continue;
      const base = { id: r.id, partner, target_kind: r.target_kind, target_id: r.target_id, role: r.role, description: r.description, tier: r.tier };
      if (r.target_kind === "result") {
        const i = results.findIndex((x) => x.id === r.target_id);
        if (i < 0) continue;
        out.push({ ...base, target_name: results[i].name, target_position: i, parent: null });
      } else if (r.target_kind === "measure") {
        const m = this.deps.measure(r.target_id);
        if (!m) continue;
        const ri = m.result_id ? results.findIndex((x) => x.id === m.result_id) : -1;
        const pi = m.program_id ? programs.findIndex((x) => x.id === m.program_id) : -1;
        const parent =
          ri >= 0 ? { kind: "result" as const, id: results[ri].id, name: results[ri].name, position: ri }
          : pi >= 0 ? { kind: "program" as const, id: programs[pi].id, name: programs[pi].name, position: pi }
          : null;
        if (!parent) continue;
        out.push({ ...base, target_name: m.name, target_position: m.position, parent });
      }
    }
    return out;
  }

  set(partnerId: string, targetKind: RoleTarget, targetId: string, role: RoleKind, description: string, tier: RoleTier | null): PartnerRole {
    if (targetKind === "program")
      throw apiError("invalid_input", "A partner leads or contributes to a program through the program's form", "target_kind");
    if (role !== "partner")
      throw apiError("invalid_input", `On a ${targetKind} a partner has a role to play ("partner"), not "${role}"`, "role");
    const partner = this.deps.partner(partnerId);
    if (!partner) throw apiError("not_found", `partner ${partnerId} does not exist`);
    const target = targetKind === "result" ? this.deps.result(targetId) : this.deps.measure(targetId);
    if (!target) throw apiError("invalid_input", `No ${targetKind} with id ${targetId} exists`, "target_id");
    if (target.initiative_id !== partner.initiative_id)
      throw apiError("invalid_input", `That ${targetKind} belongs to another initiative`, "target_id");
    const words = description.trim();
    const existing = [...this.roles.values()].find(
      (s) => s.row.partner_id === partnerId && s.row.target_kind === targetKind && s.row.target_id === targetId && s.row.role === role,
    );
    if (existing) {
      existing.row = { ...existing.row, description: words, tier };
      existing.deleted_at = null;
      return structuredClone(existing.row);
    }
    const row: PartnerRole = { id: this.deps.id("role"), partner_id: partnerId, target_kind: targetKind, target_id: targetId, role, description: words, tier };
    this.roles.set(row.id, { row, initiative_id: partner.initiative_id, deleted_at: null });
    return structuredClone(row);
  }

  remove(roleId: string, stamp: string): void {
    const s = this.roles.get(roleId);
    if (!s || s.deleted_at) {
      if (/^(lead|contributor):/.test(roleId))
        throw apiError("invalid_input", "A program's lead and contributors are changed on the program", "role_id");
      throw apiError("not_found", `partner role ${roleId} does not exist`);
    }
    s.deleted_at = stamp;
  }

  restore(roleId: string): void {
    const s = this.roles.get(roleId);
    if (!s || !s.deleted_at) throw apiError("not_found", `No partner role with id ${roleId} in the trash.`);
    if (!this.deps.partner(s.row.partner_id)) throw apiError("conflict", "Restore the partner first.");
    s.deleted_at = null;
  }

  has(roleId: string): boolean {
    return this.roles.has(roleId);
  }

  trash(initiativeId: string | null): TrashItem[] {
    return [...this.roles.values()]
      .filter((s) => s.deleted_at && (initiativeId === null || s.initiative_id === initiativeId))
      .map((s) => ({
        kind: "partner_role" as const,
        id: s.row.id,
        name: `${this.deps.partner(s.row.partner_id)?.name ?? "?"} (${s.row.role})`,
        deleted_at: s.deleted_at as string,
        initiative_id: s.initiative_id,
      }));
  }

  async profile(partnerId: string): Promise<PartnerProfile> {
    const partner = this.deps.partner(partnerId);
    if (!partner) throw apiError("not_found", `partner ${partnerId} does not exist`);
    const rows = this.live(partner.initiative_id, partnerId);
    const programs = rows
      .filter((r) => r.target_kind === "program")
      .sort((a, b) => a.target_position - b.target_position || RANK[a.role] - RANK[b.role])
      .map((r) => ({ program_id: r.target_id, program_name: r.target_name, role: r.role }));
    const key = (r: LiveRole): number[] =>
      r.target_kind === "result" ? [0, r.target_position, -1]
      : r.parent?.kind === "result" ? [0, r.parent.position, r.target_position]
      : [1, r.parent?.position ?? 0, r.target_position];
    const cmp = (a: number[], b: number[]) => {
      const i = a.findIndex((x, j) => x !== b[j]);
      return i < 0 ? 0 : a[i] - b[i];
    };
    const roles: HeldRole[] = rows
      .filter((r) => r.target_kind !== "program")
      .sort((a, b) => cmp(key(a), key(b)))
      .map((r) => ({
        role_id: r.id, target_kind: r.target_kind, target_id: r.target_id, target_name: r.target_name,
        parent_name: r.parent?.name ?? null, role: r.role, description: r.description, tier: r.tier,
      }));
    const open_actions = await this.deps.openActions(partner.initiative_id, partnerId);
    return { partner: structuredClone(partner), programs, roles, open_actions };
  }

  resultPartners(resultId: string): ResultPartner[] {
    const result = this.deps.result(resultId);
    if (!result) throw apiError("not_found", `result ${resultId} does not exist`);
    const serving = new Set(this.deps.programs(result.initiative_id).filter((p) => p.result_ids.includes(resultId)).map((p) => p.id));
    const out: [number, LiveRole][] = [];
    for (const r of this.live(result.initiative_id, null)) {
      const through =
        r.target_kind === "result" && r.target_id === resultId ? 0
        : r.target_kind === "measure" && r.parent?.kind === "result" && r.parent.id === resultId ? 1
        : r.target_kind === "program" && serving.has(r.target_id) ? 2
        : -1;
      if (through >= 0) out.push([through, r]);
    }
    out.sort(
      ([ta, a], [tb, b]) =>
        a.partner.name.toLowerCase().localeCompare(b.partner.name.toLowerCase()) ||
        a.partner.id.localeCompare(b.partner.id) || ta - tb || a.target_position - b.target_position || RANK[a.role] - RANK[b.role],
    );
    return out.map(([, r]) => ({
      partner_id: r.partner.id, partner_name: r.partner.name, role_id: r.id, role: r.role, description: r.description,
      tier: r.tier, through_kind: r.target_kind, through_id: r.target_id, through_name: r.target_name,
    }));
  }

  matrix(initiativeId: string): ContributionsMatrix {
    const columns = [
      ...this.deps.results(initiativeId).map((r) => ({ kind: "result" as RoleTarget, id: r.id, name: r.name })),
      ...this.deps.programs(initiativeId).map((p) => ({ kind: "program" as RoleTarget, id: p.id, name: p.name })),
    ];
    const rows = this.deps.partners(initiativeId).map((p) => ({
      partner_id: p.id, partner_name: p.name, cells: columns.map(() => [] as (CellRole & { key: number[] })[]),
    }));
    for (const r of this.live(initiativeId, null)) {
      const row = rows.find((x) => x.partner_id === r.partner.id);
      if (!row) continue;
      const onMeasure = r.target_kind === "measure" && r.parent;
      const kind = onMeasure ? r.parent!.kind : r.target_kind;
      const id = onMeasure ? r.parent!.id : r.target_id;
      const c = columns.findIndex((x) => x.kind === kind && x.id === id);
      if (c < 0) continue;
      const measure_name = onMeasure ? r.target_name : null;
      row.cells[c].push({
        role: r.role, description: r.description, tier: r.tier, measure_name,
        label: roleLabel(r.role, measure_name, r.description),
        key: [onMeasure ? r.target_position : -1, RANK[r.role]],
      });
    }
    return {
      initiative_id: initiativeId,
      columns,
      rows: rows.map((row) => ({
        ...row,
        cells: row.cells.map((cell) =>
          cell
            .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1])
            .map(({ key: _key, ...rest }) => rest),
        ),
      })),
    };
  }

  exportCsv(initiativeId: string, path: string): number {
    const m = this.matrix(initiativeId);
    this.files.set(path, matrixCsv(m));
    return m.rows.length;
  }
}
