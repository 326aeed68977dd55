/** Plain-language labels for the core's enums, in the order they are offered. */
import type { BackupKind } from "../bindings/BackupKind";
import type { Calendar } from "../bindings/Calendar";
import type { EntityKind } from "../bindings/EntityKind";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { Format } from "../bindings/Format";
import type { PartnerTier } from "../bindings/PartnerTier";
import type { Polarity } from "../bindings/Polarity";
import type { RbaCategory } from "../bindings/RbaCategory";
import type { Sector } from "../bindings/Sector";
import type { SectoralHome } from "../bindings/SectoralHome";
import type { Unit } from "../bindings/Unit";

export interface Option<T extends string = string> {
  value: T;
  label: string;
}

export const SECTORAL_HOMES: Option<SectoralHome>[] = [
  { value: "public", label: "Public sector" },
  { value: "nonprofit", label: "Nonprofit" },
  { value: "philanthropy", label: "Philanthropy" },
  { value: "business", label: "Business" },
  { value: "education", label: "Education" },
  { value: "health", label: "Health" },
  { value: "co_led", label: "Co-led across sectors" },
  { value: "other", label: "Other" },
];

export const SECTORS: Option<Sector>[] = [
  { value: "public", label: "Public" },
  { value: "nonprofit", label: "Nonprofit" },
  { value: "philanthropy", label: "Philanthropy" },
  { value: "business", label: "Business" },
  { value: "education", label: "Education" },
  { value: "health", label: "Health" },
  { value: "faith", label: "Faith" },
  { value: "community", label: "Community / resident group" },
  { value: "other", label: "Other" },
];

export const TIERS: Option<PartnerTier>[] = [
  { value: "strategic", label: "Strategic" },
  { value: "mid_tier", label: "Mid-tier" },
  { value: "community", label: "Community" },
];

export const UNITS: Option<Unit>[] = [
  { value: "number", label: "Number" },
  { value: "percent", label: "Percent (0-100)" },
  { value: "currency", label: "Currency ($)" },
  { value: "rate", label: "Rate per N" },
];

export const POLARITIES: Option<Polarity>[] = [
  { value: "higher", label: "Higher is better" },
  { value: "lower", label: "Lower is better" },
  { value: "range", label: "A target range is best" },
];

export const CALENDARS: Option<Calendar>[] = [
  { value: "year", label: "Year (2024)" },
  { value: "school_year", label: "School year (2023-24)" },
  { value: "fiscal_year", label: "Fiscal year (FY2024)" },
  { value: "half", label: "Half-year (2024H1)" },
  { value: "quarter", label: "Quarter (2024Q1)" },
  { value: "month", label: "Month (2024-03)" },
  { value: "week", label: "ISO week (2024W05)" },
  { value: "span", label: "Multi-year span (2015-2019)" },
];

/** The three RBA performance-measure questions, in their conventional order. */
export const CATEGORIES: Option<RbaCategory>[] = [
  { value: "how_much", label: "How much did we do?" },
  { value: "how_well", label: "How well did we do it?" },
  { value: "better_off", label: "Is anyone better off?" },
];

export const MONTHS: Option[] = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
].map((label, i) => ({ value: String(i + 1), label }));

export const ENTITY_LABELS: Record<EntityKind, string> = {
  initiative: "Initiative",
  partner: "Partner",
  result: "Result",
  program: "Program",
  measure: "Measure",
  observation: "Value",
  partner_role: "Partner role",
  dimension: "Dimension",
  group: "Group",
  action: "Action",
  comment: "Comment",
  community_event: "Community event",
  meeting: "Meeting",
};

/** The file formats an import reads (the core's `Format::label`). */
export const IMPORT_FORMATS: Option<Format>[] = [
  { value: "auto", label: "Recognise it from the file" },
  { value: "long", label: "Backbone long format" },
  { value: "kids_count", label: "KIDS COUNT" },
  { value: "open_sdg", label: "Open SDG" },
  { value: "clear_impact", label: "Clear Impact" },
  { value: "dhis2", label: "DHIS2 data value set" },
  { value: "wide", label: "Wide table (a period column, one column per series)" },
  { value: "bundle", label: "Backbone JSON bundle" },
];

export const EXPORT_FORMATS: (Option<ExportFormat> & { hint: string })[] = [
  { value: "csv", label: "CSV", hint: "One row per value, in the format Backbone imports back." },
  { value: "xlsx", label: "Excel", hint: "The scorecard, one sheet per measure, and an About sheet." },
  { value: "json", label: "JSON bundle", hint: "Everything in the initiative, to move it to another database." },
];

export const BACKUP_KINDS: Record<BackupKind, string> = {
  daily: "Daily",
  before_migration: "Before an upgrade",
  before_restore: "Before a restore",
  manual: "Back up now",
};

export function labelOf<T extends string>(options: Option<T>[], value: T | null | undefined): string {
  if (value === null || value === undefined) return "";
  return options.find((o) => o.value === value)?.label ?? value;
}
