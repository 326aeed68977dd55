/**
 * Period arithmetic for the in-memory test backend only: a small model of the core's
 * calendars (DOMAIN.md "Periods and calendars"), enough for the grid to behave as it
 * does against the real store. The UI itself never computes periods.
 */
import type { Calendar } from "../bindings/Calendar";
import type { PeriodInfo } from "../bindings/PeriodInfo";

/** A period as a position on its calendar; `len` is the number of years of a span. */
export interface PeriodKey {
  key: number;
  len: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utc = (y: number, m0: number, d = 1) => new Date(Date.UTC(y, m0, d));
const DAY = 86_400_000;

function isoWeekMonday(year: number, week: number): Date {
  const jan4 = utc(year, 0, 4);
  const dow = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(jan4.getTime() - dow * DAY + (week - 1) * 7 * DAY);
}

function isoWeekOf(date: Date): { year: number; week: number } {
  const d = utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const dow = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - dow) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - isoWeekMonday(year, 1).getTime()) / (7 * DAY)) + 1;
  return { year, week };
}

export class PeriodModel {
  readonly calendar: Calendar;
  readonly startMonth: number;

  constructor(calendar: Calendar, startMonth: number | null) {
    this.calendar = calendar;
    this.startMonth = startMonth ?? (calendar === "school_year" ? 8 : calendar === "fiscal_year" ? 7 : 1);
  }

  /** Canonical labels and a few common variants; null when the text is no period. */
  parse(text: string): PeriodKey | null {
    const s = text.trim().toUpperCase();
    let m: RegExpMatchArray | null;
    switch (this.calendar) {
      case "year":
        return /^\d{4}$/.test(s) ? { key: Number(s), len: 1 } : null;
      case "half":
        if ((m = s.match(/^(\d{4})\s*-?\s*H([12])$/))) return { key: Number(m[1]) * 2 + Number(m[2]) - 1, len: 1 };
        return null;
      case "quarter":
        if ((m = s.match(/^(\d{4})\s*-?\s*Q([1-4])$/))) return { key: Number(m[1]) * 4 + Number(m[2]) - 1, len: 1 };
        if ((m = s.match(/^Q([1-4])\s+(\d{4})$/))) return { key: Number(m[2]) * 4 + Number(m[1]) - 1, len: 1 };
        return null;
      case "month":
        if ((m = s.match(/^(\d{4})-(\d{1,2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12)
          return { key: Number(m[1]) * 12 + Number(m[2]) - 1, len: 1 };
        if ((m = s.match(/^(\d{1,2})\/(\d{4})$/)) && Number(m[1]) >= 1 && Number(m[1]) <= 12)
          return { key: Number(m[2]) * 12 + Number(m[1]) - 1, len: 1 };
        return null;
      case "week":
        if ((m = s.match(/^(\d{4})-?W(\d{1,2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 53) {
          const monday = isoWeekMonday(Number(m[1]), Number(m[2]));
          return { key: Math.round(monday.getTime() / (7 * DAY)), len: 1 };
        }
        return null;
      case "school_year":
        if ((m = s.match(/^(\d{4})-(\d{2}|\d{4})$/))) {
          const a = Number(m[1]);
          const b = Number(m[2]);
          if ((m[2].length === 2 && b === (a + 1) % 100) || b === a + 1) return { key: a, len: 1 };
        }
        return null;
      case "fiscal_year":
        if ((m = s.match(/^FY\s*(\d{4})$/))) return { key: Number(m[1]), len: 1 };
        return null;
      case "span":
        if ((m = s.match(/^(\d{4})-(\d{4})$/)) && Number(m[2]) > Number(m[1]))
          return { key: Number(m[1]), len: Number(m[2]) - Number(m[1]) + 1 };
        return null;
    }
  }

  private startOf(p: PeriodKey): Date {
    const { key } = p;
    switch (this.calendar) {
      case "year":
      case "span":
        return utc(key, 0);
      case "half":
        return utc(Math.floor(key / 2), (key % 2) * 6);
      case "quarter":
        return utc(Math.floor(key / 4), (key % 4) * 3);
      case "month":
        return utc(Math.floor(key / 12), key % 12);
      case "week":
        return new Date(key * 7 * DAY);
      case "school_year":
        return utc(key, this.startMonth - 1);
      case "fiscal_year":
        return this.startMonth === 1 ? utc(key, 0) : utc(key - 1, this.startMonth - 1);
    }
  }

  label(p: PeriodKey): string {
    const { key } = p;
    switch (this.calendar) {
      case "year":
        return String(key);
      case "span":
        return `${key}-${key + p.len - 1}`;
      case "half":
        return `${Math.floor(key / 2)}H${(key % 2) + 1}`;
      case "quarter":
        return `${Math.floor(key / 4)}Q${(key % 4) + 1}`;
      case "month":
        return `${Math.floor(key / 12)}-${pad((key % 12) + 1)}`;
      case "week": {
        const w = isoWeekOf(new Date(key * 7 * DAY));
        return `${w.year}W${pad(w.week)}`;
      }
      case "school_year":
        return `${key}-${pad((key + 1) % 100)}`;
      case "fiscal_year":
        return `FY${key}`;
    }
  }

  shift(p: PeriodKey, by: number): PeriodKey {
    return { key: p.key + by * (this.calendar === "span" ? p.len : 1), len: p.len };
  }

  info(p: PeriodKey): PeriodInfo {
    const start = this.startOf(p);
    const end = new Date(this.startOf(this.shift(p, 1)).getTime() - DAY);
    return { label: this.label(p), start: iso(start), end: iso(end) };
  }

  /** The period that contains `date` (for a span: the five-year span ending last year). */
  containing(date: Date): PeriodKey {
    const y = date.getUTCFullYear();
    const mo = date.getUTCMonth();
    switch (this.calendar) {
      case "year":
        return { key: y, len: 1 };
      case "span":
        return { key: y - 5, len: 5 };
      case "half":
        return { key: y * 2 + (mo >= 6 ? 1 : 0), len: 1 };
      case "quarter":
        return { key: y * 4 + Math.floor(mo / 3), len: 1 };
      case "month":
        return { key: y * 12 + mo, len: 1 };
      case "week": {
        const dow = (date.getUTCDay() + 6) % 7;
        const monday = utc(y, mo, date.getUTCDate() - dow);
        return { key: Math.round(monday.getTime() / (7 * DAY)), len: 1 };
      }
      case "school_year":
        return { key: mo + 1 >= this.startMonth ? y : y - 1, len: 1 };
      case "fiscal_year":
        return { key: this.startMonth === 1 || mo + 1 < this.startMonth ? y : y + 1, len: 1 };
    }
  }
}
