/** The words for community input's kinds (the core's `EventKind::label`). */
import type { CommunityTarget } from "../../bindings/CommunityTarget";
import type { EventKind } from "../../bindings/EventKind";
import type { ReactionKind } from "../../bindings/ReactionKind";

export const EVENT_KINDS: EventKind[] = ["listening_session", "survey", "data_walk", "town_hall", "interview", "other"];

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  listening_session: "Listening session",
  survey: "Survey",
  data_walk: "Data walk",
  town_hall: "Town hall",
  interview: "Interview",
  other: "Other",
};

export const EVENT_KIND_OPTIONS = EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }));

export const REACTION_KINDS: ReactionKind[] = ["noticed", "surprised", "behind", "would_do", "other"];

export const REACTION_LABELS: Record<ReactionKind, string> = {
  noticed: "Noticed",
  surprised: "Surprised by",
  behind: "What's behind it",
  would_do: "Would do",
  other: "Other",
};

export const REACTION_OPTIONS = REACTION_KINDS.map((k) => ({ value: k, label: REACTION_LABELS[k] }));

export const TARGET_LABELS: Record<CommunityTarget, string> = {
  result: "Results",
  measure: "Measures",
  worksheet: "Worksheets",
  action: "Actions",
};

/** "24 took part" / "" when unknown. */
export function participantsText(n: number | null): string {
  if (n === null) return "";
  return n === 1 ? "1 took part" : `${n} took part`;
}
