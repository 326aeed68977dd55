import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { renderApp, seeded } from "../../test-utils";

beforeEach(() => localStorage.clear());

describe("Settings: your name", () => {
  it("saves the name that comments are then written under, and clears it again", async () => {
    const user = userEvent.setup();
    const { memory, initiative, measure } = await seeded();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-settings"));

    const field = await screen.findByTestId("settings-author-name");
    expect(screen.getByText(/Until you set it, your computer's user name is used/)).toBeInTheDocument();
    await user.type(field, "  Ana Lima ");
    await user.click(screen.getByTestId("settings-author-save"));

    await waitFor(() => expect(field).toHaveValue("Ana Lima"));
    expect(await memory.getAuthorName()).toBe("Ana Lima");
    const c = await memory.addComment(initiative.id, { kind: "measure", id: measure.id, section: null }, "hello");
    expect(c.author).toBe("Ana Lima");

    await user.clear(field);
    await user.click(screen.getByTestId("settings-author-save"));
    await waitFor(async () => expect(await memory.getAuthorName()).toBeNull());
  });
});
