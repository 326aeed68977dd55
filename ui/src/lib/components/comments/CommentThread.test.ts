import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { setBackend } from "../../../backend";
import { seeded } from "../../../test-utils";
import CommentThread from "./CommentThread.svelte";

async function thread() {
  const s = await seeded();
  await s.memory.saveObservations(s.measure.id, [{ period: "2023", group_ids: [], value: "61", target: null, target_low: null, target_high: null, note: null, suppressed: null }]);
  const grid = await s.memory.measureGrid(s.measure.id, []);
  const value = grid.find((r) => r.observation)!.observation!;
  setBackend(s.memory);
  render(CommentThread, { initiativeId: s.initiative.id, targetKind: "observation", targetId: value.id });
  await screen.findByTestId("comments-empty");
  return { ...s, value };
}

describe("CommentThread", () => {
  it("posts a comment with Ctrl+Enter under the user's name and keeps its line breaks", async () => {
    const user = userEvent.setup();
    const { memory, value } = await thread();
    await memory.setAuthorName("Ana Lima");

    await user.type(screen.getByTestId("comment-draft"), "Is this the fall count?{Shift>}{Enter}{/Shift}It looks high.");
    await user.keyboard("{Control>}{Enter}{/Control}");

    const comment = await screen.findByTestId("comment");
    expect(within(comment).getByText("Ana Lima")).toBeInTheDocument();
    // The text node keeps the line break (shown by white-space: pre-wrap).
    expect(within(comment).getByTestId("comment-body").textContent).toBe("Is this the fall count?\nIt looks high.");
    expect(screen.getByTestId("comment-draft")).toHaveValue("");
    const stored = await memory.listComments({ kind: "observation", id: value.id, section: null });
    expect(stored.map((c) => c.body)).toEqual(["Is this the fall count?\nIt looks high."]);
  });

  it("shows HTML a user typed as text, never as markup", async () => {
    const user = userEvent.setup();
    const { memory, initiative, value } = await thread();
    await memory.addComment(initiative.id, { kind: "observation", id: value.id, section: null }, '<img src=x onerror="alert(1)"><b>bold</b>');
    // Reload the thread by posting another comment.
    await user.type(screen.getByTestId("comment-draft"), "second");
    await user.click(screen.getByTestId("comment-post"));

    const bodies = await screen.findAllByTestId("comment-body");
    expect(bodies[0].textContent).toBe('<img src=x onerror="alert(1)"><b>bold</b>');
    expect(bodies[0].querySelector("img, b")).toBeNull();
  });

  it("folds a resolved comment away under 'N resolved', and reopens it", async () => {
    const user = userEvent.setup();
    await thread();
    await user.type(screen.getByTestId("comment-draft"), "Check the source");
    await user.click(screen.getByTestId("comment-post"));
    await screen.findByTestId("comment");

    await user.click(screen.getByTestId("comment-resolve"));
    const toggle = await screen.findByTestId("comments-resolved-toggle");
    expect(toggle).toHaveTextContent("1 resolved");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByTestId("comment")).toBeNull();

    await user.click(toggle);
    const folded = screen.getByTestId("comments-resolved");
    expect(within(folded).getByText("Check the source")).toBeInTheDocument();
    expect(within(folded).getByText(/Resolved by system-user/)).toBeInTheDocument();

    await user.click(within(folded).getByTestId("comment-reopen"));
    await waitFor(() => expect(screen.queryByTestId("comments-resolved-toggle")).toBeNull());
    expect(screen.getByTestId("comment")).toHaveTextContent("Check the source");
  });

  it("says when the name is unset that comments go under the computer's user name", async () => {
    const user = userEvent.setup();
    const { memory } = await thread();
    expect(await screen.findByTestId("comment-no-name")).toHaveTextContent("Set it in Settings");
    await user.type(screen.getByTestId("comment-draft"), "anyway");
    await user.click(screen.getByTestId("comment-post"));
    expect(await screen.findByTestId("comment")).toHaveTextContent("system-user");
    expect(memory.callsTo("addComment")).toHaveLength(1);
  });

  it("deletes a comment to the trash", async () => {
    const user = userEvent.setup();
    const { memory, initiative } = await thread();
    await user.type(screen.getByTestId("comment-draft"), "oops");
    await user.click(screen.getByTestId("comment-post"));
    await screen.findByTestId("comment");
    await user.click(screen.getByTestId("comment-delete"));
    await screen.findByTestId("comments-empty");
    const trash = await memory.listTrash(initiative.id);
    expect(trash.map((t) => t.kind)).toEqual(["comment"]);
  });

  it("refuses a blank comment without calling the backend", async () => {
    const user = userEvent.setup();
    const { memory } = await thread();
    await user.type(screen.getByTestId("comment-draft"), "   ");
    expect(screen.getByTestId("comment-post")).toBeDisabled();
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(memory.callsTo("addComment")).toHaveLength(0);
  });
});
