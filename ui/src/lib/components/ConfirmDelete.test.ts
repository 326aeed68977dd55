import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import ConfirmDelete from "./ConfirmDelete.svelte";

describe("Dialog (through ConfirmDelete)", () => {
  it("puts focus on the safe choice and keeps Tab inside the dialog", async () => {
    const user = userEvent.setup();
    const outside = document.createElement("button");
    outside.textContent = "outside";
    document.body.append(outside);
    outside.focus();

    const { unmount } = render(ConfirmDelete, {
      title: "Remove?",
      message: "Sure?",
      onconfirm: vi.fn(),
      oncancel: vi.fn(),
    });
    const cancel = screen.getByTestId("cancel");
    const confirm = screen.getByTestId("confirm");
    expect(screen.getByRole("dialog", { name: "Remove?" })).toBeInTheDocument();
    expect(document.activeElement).toBe(cancel);

    await user.tab();
    expect(document.activeElement).toBe(confirm);
    await user.tab(); // wraps around instead of leaving the dialog
    expect(document.activeElement).toBe(cancel);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(confirm);

    unmount();
    // Focus returns to where it was before the dialog opened.
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it("confirms, and cancels with Escape", async () => {
    const user = userEvent.setup();
    const onconfirm = vi.fn();
    const oncancel = vi.fn();
    render(ConfirmDelete, { title: "Remove?", message: "Sure?", onconfirm, oncancel });
    await user.click(screen.getByTestId("confirm"));
    expect(onconfirm).toHaveBeenCalledOnce();
    await user.keyboard("{Escape}");
    expect(oncancel).toHaveBeenCalledOnce();
  });
});
