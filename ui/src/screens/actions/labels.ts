/** Words and helpers of the actions screens. */
import type { Action } from "../../bindings/Action";
import type { ActionStatus } from "../../bindings/ActionStatus";

export const STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  done: "Done",
  dropped: "Dropped",
};

/** The board's columns, in order. */
export const STATUSES: ActionStatus[] = ["not_started", "on_track", "at_risk", "done", "dropped"];

export const STATUS_OPTIONS = STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));

export const isClosed = (s: ActionStatus) => s === "done" || s === "dropped";

/** A real day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** "12 Mar 2027" for a `YYYY-MM-DD` day (no time zone shift). */
export function formatDay(day: string): string {
  if (!isIsoDate(day)) return day;
  const d = new Date(`${day}T00:00:00Z`);
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** Who owns it, in words: "YMCA (former partner) · Dana Reyes". */
export function ownerText(a: Action): string {
  const partner = a.owner_partner_name ? `${a.owner_partner_name}${a.owner_is_former ? " (former partner)" : ""}` : "";
  return [partner, a.owner_person].filter(Boolean).join(" · ");
}

/** The `YYYY-MM-DD` day `days` after `day`. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Open and due from `today` to `today + days` (overdue ones are not "due soon"). */
export function dueWithin(a: Action, today: string, days: number): boolean {
  return !isClosed(a.status) && a.due_date !== null && a.due_date >= today && a.due_date <= addDays(today, days);
}
