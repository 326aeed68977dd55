import { describe, expect, it } from "vitest";
import { isApiError, toApiError } from "./index";

describe("isApiError", () => {
  it("accepts the core's error shape", () => {
    expect(isApiError({ code: "not_found", message: "No partner.", field: null })).toBe(true);
    expect(isApiError({ code: "invalid_input", message: "Name is required.", field: "name" })).toBe(true);
  });

  it("rejects strings, unknown codes and missing fields", () => {
    expect(isApiError("invalid args `id` for command `get_initiative`")).toBe(false);
    expect(isApiError({ code: "teapot", message: "x", field: null })).toBe(false);
    expect(isApiError({ code: "io", message: 3, field: null })).toBe(false);
    expect(isApiError(null)).toBe(false);
  });
});

describe("toApiError", () => {
  it("keeps an ApiError as it is", () => {
    const e = { code: "conflict", message: "Changed elsewhere.", field: null } as const;
    expect(toApiError(e)).toBe(e);
  });

  it("turns Tauri's bare-string argument errors into invalid_request", () => {
    // Tauri reports argument-deserialisation failures as plain strings, not our shape.
    expect(toApiError("missing required key initiative_id")).toEqual({
      code: "invalid_request",
      message: "missing required key initiative_id",
      field: null,
    });
  });

  it("keeps the message of a thrown Error", () => {
    expect(toApiError(new Error("boom"))).toEqual({ code: "invalid_request", message: "boom", field: null });
  });
});
