import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp } from "../../test-utils";
import { scorecardFixture } from "./fixture";

beforeEach(() => localStorage.clear());

describe("measure detail: comments on the measure", () => {
  it("lists the measure's own comments and posts a new one on the measure", async () => {
    const f = await scorecardFixture();
    const target = { kind: "measure" as const, id: f.measure.id, section: null };
    await f.memory.addComment(f.measure.initiative_id, target, "Which cohort is this?");
    const user = userEvent.setup();
    await renderApp(f.memory);
    const row = await waitFor(() => screen.getAllByTestId("scorecard-row").find((r) => r.dataset.id === f.measure.id)!);
    await user.click(row);

    const section = await screen.findByTestId("measure-comments");
    expect(await within(section).findByTestId("comment")).toHaveTextContent("Which cohort is this?");
    await user.type(within(section).getByTestId("comment-draft"), "The 2023 cohort");
    await user.click(within(section).getByTestId("comment-post"));

    await waitFor(() => expect(within(section).getAllByTestId("comment")).toHaveLength(2));
    expect((await f.memory.listComments(target)).map((c) => c.body)).toEqual(["Which cohort is this?", "The 2023 cohort"]);
  });
});
