/**
 * How numbers read on screen (en-US, as the rest of the UI):
 * percent "72.4%", currency "$1,234", rate "12.3 per 1,000", number "1,234".
 * Missing is not zero: a null value shows as an em dash.
 */
import type { Unit } from "../bindings/Unit";

export const MISSING = "—";

function grouped(v: number, maxDigits: number, minDigits = 0): string {
  return new Intl.NumberFormat("en-US", {
    minimumFractionDigits: minDigits,
    maximumFractionDigits: maxDigits,
  }).format(v);
}

export function formatValue(value: number | null | undefined, unit: Unit, ratePer: number | null = null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  switch (unit) {
    case "percent":
      return `${grouped(value, 1)}%`;
    case "currency": {
      const whole = Number.isInteger(value) || Math.abs(value) >= 1000;
      const text = grouped(Math.abs(value), whole ? 0 : 2, whole ? 0 : 2);
      return `${value < 0 ? "-" : ""}$${text}`;
    }
    case "rate":
      return `${grouped(value, 1)} per ${grouped(ratePer ?? 1, 0)}`;
    case "number":
      return grouped(value, 2);
  }
}

/** What sits beside an input for a value in this unit, e.g. "$" before or "%" after. */
export function unitAffix(unit: Unit, ratePer: number | null = null): { prefix: string; suffix: string } {
  switch (unit) {
    case "percent":
      return { prefix: "", suffix: "%" };
    case "currency":
      return { prefix: "$", suffix: "" };
    case "rate":
      return { prefix: "", suffix: `per ${grouped(ratePer ?? 1, 0)}` };
    case "number":
      return { prefix: "", suffix: "" };
  }
}

/** The raw number as the user would type it back in (no grouping, no unit). */
export function editableNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}

/** "2025-03-15T12:00:00Z" -> "Mar 15, 2025, 12:00 PM" in local time. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}

/** A file size: "512 bytes", "12.3 KB", "4.5 MB" (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${grouped(bytes, 0)} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${grouped(v, v < 10 ? 1 : 0)} ${units[i]}`;
}

/** A count with thousands separators: 12288 -> "12,288". */
export function formatCount(n: number): string {
  return grouped(n, 0);
}
