/** Words and names for the Sync screen (pure, tested through the screen). */
import type { ConflictSide } from "../../bindings/ConflictSide";
import type { SyncImportSummary } from "../../bindings/SyncImportSummary";

/** The first block of a replica id: enough to tell laptops apart on screen. */
export function shortId(id: string): string {
  return id.split("-")[0].slice(0, 8) || id;
}

/** A conflict side's value as text (numbers as stored, null as empty). */
export function sideText(value: ConflictSide["value"]): string {
  if (value === null) return "";
  return String(value);
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "From Amara: 12 changes applied, 3 already here, 1 new conflict." */
export function importWords(s: SyncImportSummary): string {
  if (s.own_file) return "This file was written on this laptop: there was nothing to import.";
  const from = s.from_name ?? `laptop ${shortId(s.from_replica)}`;
  const parts = [`${plural(s.applied, "change", "changes")} applied`];
  if (s.skipped_seen > 0) parts.push(`${s.skipped_seen.toLocaleString("en-US")} already here`);
  parts.push(s.conflicts_new > 0 ? plural(s.conflicts_new, "new conflict", "new conflicts") : "no new conflicts");
  return `From ${from}: ${parts.join(", ")}.`;
}

/** `Backbone changes from Jo 2025-03-15.bbsync` (no characters a file name may not hold). */
export function exportFileName(name: string | null, now: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
  const who = (name ?? "").replace(/[\\/:*?"<>|]+/g, " ").replace(/\s+/g, " ").trim();
  return `Backbone changes from ${who || "this laptop"} ${date}.bbsync`;
}
