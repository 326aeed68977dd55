import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { MemoryBackend } from "../backend/memory";
import type { ObservationEdit } from "../bindings/ObservationEdit";
import { renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());

const edit = (period: string, groupIds: string[], value: string): ObservationEdit => ({
  period, group_ids: groupIds, value, target: null, target_low: null, target_high: null, note: null, suppressed: null,
});

/** The seeded initiative with "Race/ethnicity" (Asian, Asian Students, White) and "Sex" (Female, Male). */
async function withGroups() {
  const s = await seeded();
  const race = s.memory.addDimension(s.initiative.id, "Race/ethnicity", ["Asian", "Asian Students", "White"]);
  const sex = s.memory.addDimension(s.initiative.id, "Sex", ["Female", "Male"]);
  sex.kind = "sex_gender";
  s.memory.dimensions.get(sex.id)!.kind = "sex_gender";
  s.memory.calls = [];
  return { ...s, race, sex };
}

async function openGroups(memory: MemoryBackend) {
  const user = userEvent.setup();
  await renderApp(memory);
  await user.click(screen.getByTestId("nav-groups"));
  await screen.findAllByTestId("dimension");
  return user;
}

const card = (name: string) => screen.getAllByTestId("dimension").find((c) => within(c).getByTestId("dimension-name").textContent === name)!;
const groupNames = (name: string) => within(card(name)).getAllByTestId("group-name").map((g) => g.textContent);
const row = (dimension: string, group: string) =>
  within(card(dimension)).getAllByTestId("group").find((r) => within(r).getByTestId("group-name").textContent === group)!;

describe("Groups screen", () => {
  it("shows each dimension with its groups in display order, its kind, and no reference chosen", async () => {
    const { memory } = await withGroups();
    await openGroups(memory);
    expect(screen.getAllByTestId("dimension-name").map((h) => h.textContent)).toEqual(["Race/ethnicity", "Sex"]);
    expect(groupNames("Race/ethnicity")).toEqual(["Asian", "Asian Students", "White"]);
    expect(within(card("Sex")).getByLabelText("Kind of Sex")).toHaveValue("sex_gender");
    const none = within(card("Race/ethnicity")).getByRole("radio", { name: "None: the most favourable group each period" });
    expect(none).toBeChecked();
    // Each group's radio is named by the group.
    expect(within(card("Race/ethnicity")).getByRole("radio", { name: "White" })).not.toBeChecked();
  });

  it("picks the reference group with its radio, and clears it with None", async () => {
    const { memory, race } = await withGroups();
    const user = await openGroups(memory);
    await user.click(within(card("Race/ethnicity")).getByRole("radio", { name: "White" }));
    await waitFor(() => expect(within(row("Race/ethnicity", "White")).getByText("Reference")).toBeInTheDocument());
    expect(memory.callsTo("setReferenceGroup").map((c) => c.args)).toEqual([[race.id, race.groups[2].id]]);
    expect((await memory.listDimensions(race.initiative_id))[0].groups[2].is_reference).toBe(true);
    await user.click(within(card("Race/ethnicity")).getByTestId("reference-none"));
    await waitFor(() => expect(within(card("Race/ethnicity")).queryByText("Reference")).toBeNull());
    expect((await memory.listDimensions(race.initiative_id))[0].groups.some((g) => g.is_reference)).toBe(false);
  });

  it("moves groups and dimensions up and down, keeping focus on the button", async () => {
    const { memory } = await withGroups();
    const user = await openGroups(memory);
    const first = within(row("Race/ethnicity", "Asian")).getByRole("button", { name: "Move Asian up" });
    expect(first).toBeDisabled();
    await user.click(within(row("Race/ethnicity", "White")).getByRole("button", { name: "Move White up" }));
    await waitFor(() => expect(groupNames("Race/ethnicity")).toEqual(["Asian", "White", "Asian Students"]));
    expect(document.activeElement).toHaveAccessibleName("Move White up");
    // Keyboard: Enter on the focused button moves it again; at the top focus goes to its twin.
    await user.keyboard("{Enter}");
    await waitFor(() => expect(groupNames("Race/ethnicity")).toEqual(["White", "Asian", "Asian Students"]));
    expect(document.activeElement).toHaveAccessibleName("Move White down");

    await user.click(within(card("Sex")).getByTestId("dimension-up"));
    await waitFor(() => expect(screen.getAllByTestId("dimension-name").map((h) => h.textContent)).toEqual(["Sex", "Race/ethnicity"]));
  });

  it("renames a group, and says to merge when the name is another group's", async () => {
    const { memory } = await withGroups();
    const user = await openGroups(memory);
    await user.click(within(row("Race/ethnicity", "White")).getByRole("button", { name: "Rename White" }));
    const dialog = screen.getByTestId("form-dialog");
    const field = within(dialog).getByLabelText(/Name/);
    await user.clear(field);
    await user.type(field, "asian");
    await user.click(within(dialog).getByTestId("save"));
    expect(await within(dialog).findByTestId("error-name")).toHaveTextContent('already has a group "Asian"; if they are one group, merge them instead');
    await user.clear(field);
    await user.type(field, "White (non-Hispanic){Enter}");
    await waitFor(() => expect(screen.queryByTestId("form-dialog")).toBeNull());
    expect(groupNames("Race/ethnicity")).toEqual(["Asian", "Asian Students", "White (non-Hispanic)"]);
  });

  it("adds aliases as chips with Enter, removes them, and refuses another group's name", async () => {
    const { memory } = await withGroups();
    const user = await openGroups(memory);
    const asian = () => row("Race/ethnicity", "Asian");
    await user.type(within(asian()).getByLabelText("New alias of Asian"), "Asian American{Enter}");
    await waitFor(() => expect(within(asian()).getAllByTestId("alias").map((a) => a.textContent?.replace("×", "").trim())).toEqual(["Asian American"]));
    expect(within(asian()).getByLabelText("New alias of Asian")).toHaveValue("");

    await user.type(within(asian()).getByLabelText("New alias of Asian"), "Asian Students");
    await user.click(within(asian()).getByRole("button", { name: "Add alias to Asian" }));
    const error = await within(asian()).findByTestId("alias-error");
    expect(error).toHaveTextContent('merge "Asian Students" into "Asian" instead of adding an alias');
    expect(within(asian()).getByLabelText("New alias of Asian")).toHaveAttribute("aria-invalid", "true");

    await user.click(within(asian()).getByRole("button", { name: "Remove alias Asian American of Asian" }));
    await waitFor(() => expect(within(asian()).queryAllByTestId("alias")).toHaveLength(0));
  });

  it("merges after a confirmation that says what will move, then shows the alias", async () => {
    const { memory, measure, race } = await withGroups();
    const [asian, students] = race.groups;
    await memory.saveObservations(measure.id, [edit("2022", [asian.id], "10"), edit("2022", [students.id], "10"), edit("2023", [students.id], "12")]);
    memory.calls = [];
    const user = await openGroups(memory);
    await user.click(within(row("Race/ethnicity", "Asian Students")).getByRole("button", { name: "Merge Asian Students into another group" }));
    const dialog = screen.getByTestId("merge-dialog");
    expect(within(dialog).getByTestId("confirm-merge")).toBeDisabled();
    await user.selectOptions(within(dialog).getByLabelText("Merge into"), "Asian");
    const preview = await within(dialog).findByTestId("merge-preview");
    expect(preview).toHaveTextContent(`“Asian Students” has 2 values of ${measure.name}: 1 moves to “Asian”; “Asian” already has 1 of them with the same value.`);
    expect(preview).toHaveTextContent("“Asian Students” becomes another label of “Asian” and goes to the trash.");
    expect(memory.callsTo("mergeGroups").map((c) => c.args)).toEqual([[students.id, asian.id, true]]);
    expect(groupNames("Race/ethnicity")).toHaveLength(3);

    await user.click(within(dialog).getByTestId("confirm-merge"));
    await waitFor(() => expect(screen.queryByTestId("merge-dialog")).toBeNull());
    expect(groupNames("Race/ethnicity")).toEqual(["Asian", "White"]);
    expect(within(row("Race/ethnicity", "Asian")).getAllByTestId("alias")[0]).toHaveTextContent("Asian Students");
    expect(screen.getByTestId("toast")).toHaveTextContent("Merged “Asian Students” into “Asian”: 1 value moved");
  });

  it("shows why a merge cannot be made and offers no way to confirm it", async () => {
    const { memory, measure, race } = await withGroups();
    const [asian, students] = race.groups;
    await memory.saveObservations(measure.id, [edit("2022", [asian.id], "10"), edit("2022", [students.id], "11")]);
    const user = await openGroups(memory);
    await user.click(within(row("Race/ethnicity", "Asian Students")).getByRole("button", { name: "Merge Asian Students into another group" }));
    const dialog = screen.getByTestId("merge-dialog");
    await user.selectOptions(within(dialog).getByLabelText("Merge into"), "Asian");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent('2022: "Asian" has 10, "Asian Students" has 11');
    expect(within(dialog).getByTestId("confirm-merge")).toBeDisabled();
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("merge-dialog")).toBeNull());
    expect(groupNames("Race/ethnicity")).toEqual(["Asian", "Asian Students", "White"]);
  });

  it("deletes a group to the trash with Undo, and adds a group", async () => {
    const { memory } = await withGroups();
    const user = await openGroups(memory);
    await user.click(within(row("Sex", "Male")).getByRole("button", { name: "Delete Male" }));
    await waitFor(() => expect(groupNames("Sex")).toEqual(["Female"]));
    expect(screen.getByTestId("toast")).toHaveTextContent("“Sex: Male” moved to the trash.");
    await user.click(screen.getByTestId("undo"));
    await waitFor(() => expect(groupNames("Sex")).toEqual(["Female", "Male"]));

    await user.type(within(card("Sex")).getByLabelText("New group of Sex"), "Nonbinary{Enter}");
    await waitFor(() => expect(groupNames("Sex")).toEqual(["Female", "Male", "Nonbinary"]));
    await user.type(within(card("Sex")).getByLabelText("New group of Sex"), "female{Enter}");
    expect(await within(card("Sex")).findByTestId("group-error")).toHaveTextContent('already has a group "Female"');
  });

  it("adds a dimension and renames one", async () => {
    const { memory } = await withGroups();
    const user = await openGroups(memory);
    await user.click(screen.getByTestId("add-dimension"));
    let dialog = screen.getByTestId("form-dialog");
    await user.type(within(dialog).getByLabelText(/Name/), "Neighborhood");
    await user.selectOptions(within(dialog).getByLabelText("Kind"), "geography");
    await user.click(within(dialog).getByTestId("save"));
    await waitFor(() => expect(screen.getAllByTestId("dimension-name").map((h) => h.textContent)).toEqual(["Race/ethnicity", "Sex", "Neighborhood"]));
    expect(within(card("Neighborhood")).getByLabelText("Kind of Neighborhood")).toHaveValue("geography");

    await user.click(within(card("Sex")).getByRole("button", { name: "Rename Sex" }));
    dialog = screen.getByTestId("form-dialog");
    await user.clear(within(dialog).getByLabelText(/Name/));
    await user.type(within(dialog).getByLabelText(/Name/), "Gender{Enter}");
    await waitFor(() => expect(screen.getAllByTestId("dimension-name").map((h) => h.textContent)).toEqual(["Race/ethnicity", "Gender", "Neighborhood"]));
  });

  it("says how groups arrive when there are none", async () => {
    const { memory } = await seeded();
    const user = userEvent.setup();
    await renderApp(memory);
    await user.click(screen.getByTestId("nav-groups"));
    expect(await screen.findByTestId("no-dimensions")).toHaveTextContent("Groups arrive with data broken down by group");
  });
});
