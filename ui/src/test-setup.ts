import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";

// Unmount what each test rendered (no vitest globals here, so no automatic cleanup).
afterEach(() => cleanup());
