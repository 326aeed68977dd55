/** localStorage that never throws (private modes and locked-down webviews may refuse it). */
export function readSetting(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeSetting(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not remembering a preference is harmless.
  }
}

export const KEYS = {
  theme: "backbone.theme",
  lastInitiative: "backbone.lastInitiative",
  scorecardColumns: "backbone.scorecardColumns",
} as const;
