import { describe, expect, it } from "vitest";
import { relativeTime } from "./time";

const NOW = new Date("2025-03-15T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe("relativeTime", () => {
  it("says how long ago, in the largest unit that fits", () => {
    expect(relativeTime(ago(10), NOW)).toBe("just now");
    expect(relativeTime(ago(5 * 60), NOW)).toBe("5 minutes ago");
    expect(relativeTime(ago(3 * 3600), NOW)).toBe("3 hours ago");
    expect(relativeTime(ago(86400), NOW)).toBe("yesterday");
    expect(relativeTime(ago(10 * 86400), NOW)).toBe("10 days ago");
    expect(relativeTime(ago(400 * 86400), NOW)).toBe("last year");
  });

  it("shows a time it cannot read as it is", () => {
    expect(relativeTime("not a time", NOW)).toBe("not a time");
  });
});
