import type { CaptureKind } from "../../bindings/CaptureKind";
import type { IdeaSource } from "../../bindings/IdeaSource";
import type { MeetingStatus } from "../../bindings/MeetingStatus";
import type { SlideKind } from "../../bindings/SlideKind";

export const SLIDE_LABELS: Record<SlideKind, string> = {
  rollup: "Roll-up strip",
  result_scorecard: "A result's scorecard",
  measure_curve: "A measure's curve",
  measure_by_group: "A measure by group",
  worksheet: "A measure's worksheet",
  actions: "Actions",
  equity: "Equity summary",
  text: "Title slide",
};

export const SLIDE_KINDS = Object.keys(SLIDE_LABELS) as SlideKind[];

/** What a slide of this kind points at: a result, a measure, optional (actions) or nothing. */
export function slideTarget(kind: SlideKind): "result" | "measure" | "optional" | null {
  if (kind === "result_scorecard") return "result";
  if (kind === "measure_curve" || kind === "measure_by_group" || kind === "worksheet") return "measure";
  if (kind === "actions") return "optional";
  return null;
}

export const STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: "Planned",
  in_progress: "In progress",
  finished: "Finished",
};

export const CAPTURE_LABELS: Record<CaptureKind, string> = {
  note: "Note",
  decision: "Decision",
  action: "New action",
  idea: "Worksheet idea",
};

export const IDEA_SOURCES: { value: IdeaSource; label: string }[] = [
  { value: "community", label: "Community wisdom" },
  { value: "partner", label: "Partner experience" },
  { value: "research", label: "Research" },
  { value: "other", label: "Other" },
];

/** Today as YYYY-MM-DD, on this computer. */
export function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
