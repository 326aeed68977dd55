// Fonts ship with the app (no network): Vite bundles these woff2 files.
import "@fontsource/inter/400.css";
import "@fontsource/inter/600.css";
import "@fontsource/inter/700.css";
import "./lib/tokens.css";
import "./lib/global.css";

import { mount } from "svelte";
import App from "./App.svelte";
import Audience from "./screens/meetings/present/Audience.svelte";
import { setBackend } from "./backend";
import { tauriBackend } from "./backend/tauri";
import { applyTheme, getThemeChoice } from "./lib/theme";

applyTheme(getThemeChoice());
setBackend(tauriBackend());

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

// Meeting mode's audience window (second screen) loads this page with ?audience=<meeting id>:
// it shows the slides alone, no app.
const query = new URLSearchParams(window.location.search);
const audience = query.get("audience");

export default audience
  ? mount(Audience, {
      target,
      props: {
        meetingId: audience,
        slide: Number(query.get("slide")) || 0,
        theme: query.get("theme") === "light" ? ("light" as const) : ("dark" as const),
      },
    })
  : mount(App, { target });
