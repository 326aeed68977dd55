/** The manual theme choice: "system" follows prefers-color-scheme (see tokens.css). */
import { KEYS, readSetting, writeSetting } from "./storage";

export type ThemeChoice = "system" | "light" | "dark";

export function getThemeChoice(): ThemeChoice {
  const v = readSetting(KEYS.theme);
  return v === "light" || v === "dark" ? v : "system";
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function setThemeChoice(choice: ThemeChoice): void {
  writeSetting(KEYS.theme, choice === "system" ? null : choice);
  applyTheme(choice);
}
