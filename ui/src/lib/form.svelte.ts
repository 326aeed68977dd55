/**
 * What every entity form shares: client-side checks first, then the backend; an ApiError
 * whose `field` names one of the form's fields is shown at that field, anything else in
 * the form's banner; the first field in error takes focus.
 */
import { tick } from "svelte";
import { toApiError } from "../backend";

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export class FormState<F extends string> {
  errors: FieldErrors<F> = $state({});
  banner: string | null = $state(null);
  busy = $state(false);
  private readonly fields: readonly F[];

  constructor(fields: readonly F[]) {
    this.fields = fields;
  }

  /** Resolves true when `save` succeeded. */
  async submit(form: HTMLFormElement | null, check: () => FieldErrors<F>, save: () => Promise<unknown>): Promise<boolean> {
    this.banner = null;
    this.errors = check();
    if (Object.keys(this.errors).length > 0) {
      await this.focusFirstError(form);
      return false;
    }
    this.busy = true;
    try {
      await save();
      return true;
    } catch (e) {
      const err = toApiError(e);
      if (err.field && (this.fields as readonly string[]).includes(err.field)) {
        this.errors = { [err.field]: err.message } as FieldErrors<F>;
        await this.focusFirstError(form);
      } else {
        this.banner = err.message;
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async focusFirstError(form: HTMLFormElement | null) {
    await tick();
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
}

/** Parses a number typed in a form field; "" gives null, junk gives NaN. */
export function parseFormNumber(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return null;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}
