// Fonts ship with the app (no network): Vite bundles these woff2 files.
import "@fontsource/inter/400.css";
import "@fontsource/inter/600.css";
import "@fontsource/inter/700.css";
import "./lib/tokens.css";
import "./lib/global.css";

import { mount } from "svelte";
import App from "./App.svelte";
import { setBackend } from "./backend";
import { tauriBackend } from "./backend/tauri";
import { applyTheme, getThemeChoice } from "./lib/theme";

applyTheme(getThemeChoice());
setBackend(tauriBackend());

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(App, { target });
