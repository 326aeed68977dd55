import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { MemoryBackend } from "../backend/memory";
import { conflictFixture } from "../backend/memory-sync";
import { renderApp, seeded } from "../test-utils";

beforeEach(() => localStorage.clear());

async function openSync(memory: MemoryBackend) {
  const user = userEvent.setup();
  await renderApp(memory);
  await user.click(screen.getByTestId("nav-sync"));
  await screen.findByTestId("sync-replica-id");
  return user;
}

/** Amara's change file: 12 changes, one of which renamed the measure as Jo did too. */
function amaraFile(memory: MemoryBackend, measureId: string, path = "/media/usb/Backbone changes from Amara.bbsync") {
  memory.sync.files.set(path, {
    sender: "7f3a9c21-1111-4000-8000-00000000000a",
    senderName: "Amara",
    changes: 12,
    conflicts: [
      conflictFixture({
        id: "c-name",
        row_id: measureId,
        mine: { value: "Third-grade reading proficiency", applied: false },
        theirs: { value: "Grade 3 reading proficiency", replica_id: "7f3a9c21-1111-4000-8000-00000000000a", applied: true },
      }),
    ],
  });
  return path;
}

describe("Sync screen", () => {
  it("shows this laptop's name and short replica id, and says when no name is set", async () => {
    const { memory } = await seeded();
    memory.sync.replicaId = "0c1d2e3f-aaaa-4bbb-8ccc-123456789abc";
    await openSync(memory);
    expect(screen.getByTestId("sync-replica-id")).toHaveTextContent(/^0c1d2e3f$/);
    // The whole id is there for a screen reader and to copy.
    expect(screen.getByTestId("sync-replica-id")).toHaveAttribute("title", "0c1d2e3f-aaaa-4bbb-8ccc-123456789abc");
    expect(screen.getByTestId("sync-name")).toHaveTextContent("set “Your name” in Settings");
    expect(screen.getByTestId("sync-no-conflicts")).toBeInTheDocument();
    expect(screen.getByTestId("sync-no-peers")).toBeInTheDocument();
  });

  it("copies the whole replica id, not the short form shown", async () => {
    const { memory } = await seeded();
    memory.sync.replicaId = "0c1d2e3f-aaaa-4bbb-8ccc-123456789abc";
    const user = await openSync(memory);
    await user.click(screen.getByTestId("sync-copy-id"));
    expect(await navigator.clipboard.readText()).toBe("0c1d2e3f-aaaa-4bbb-8ccc-123456789abc");
    expect(screen.getByTestId("sync-copy-id")).toHaveTextContent("Copied");
  });

  it("imports a colleague's file: says what came in and from whom, shows the conflict side by side, and a second import changes nothing", async () => {
    const { memory, measure } = await seeded();
    memory.setAuthorName("Jo");
    memory.sync.importPath = amaraFile(memory, measure.id);
    const user = await openSync(memory);
    expect(screen.getByTestId("sync-name")).toHaveTextContent("Jo");
    expect(screen.queryByTestId("nav-sync-conflicts")).toBeNull();

    await user.click(screen.getByTestId("sync-import"));
    expect(await screen.findByTestId("sync-import-result")).toHaveTextContent("From Amara: 12 changes applied, 1 new conflict.");
    const card = await screen.findByTestId("conflict");
    expect(card).toHaveTextContent("Measure “Third-grade reading proficiency”: name");
    const mine = within(card).getByTestId("conflict-mine");
    const theirs = within(card).getByTestId("conflict-theirs");
    expect(mine).toHaveTextContent("Yours");
    expect(mine).toHaveTextContent("Jo, on this laptop");
    expect(within(mine).getByTestId("conflict-value")).toHaveTextContent("Third-grade reading proficiency");
    expect(theirs).toHaveTextContent("Amara, on Amara’s laptop");
    expect(within(theirs).getByTestId("conflict-value")).toHaveTextContent("Grade 3 reading proficiency");
    // The newer write is the one the row holds: theirs.
    expect(theirs).toHaveTextContent("Applied now");
    expect(mine).not.toHaveTextContent("Applied now");
    // The nav shows how many conflicts wait.
    expect(screen.getByTestId("nav-sync-conflicts")).toHaveTextContent("1");
    // The peer and the exchange are listed.
    const peer = screen.getByTestId("sync-peer");
    expect(peer).toHaveTextContent("Amara");
    expect(peer).toHaveTextContent("12");
    expect(screen.getAllByTestId("sync-event")[0]).toHaveAttribute("data-kind", "import");

    await user.click(screen.getByTestId("sync-import"));
    await waitFor(() =>
      expect(screen.getByTestId("sync-import-result")).toHaveTextContent("From Amara: 0 changes applied, 12 already here, no new conflicts."),
    );
    expect(screen.getAllByTestId("conflict")).toHaveLength(1);
    expect(screen.getByTestId("sync-peer")).toHaveTextContent("12");
  });

  it("Keep yours writes your value back, folds the conflict under “1 resolved” and clears the badge", async () => {
    const { memory, measure } = await seeded();
    memory.setAuthorName("Jo");
    memory.sync.importPath = amaraFile(memory, measure.id);
    const user = await openSync(memory);
    await user.click(screen.getByTestId("sync-import"));
    const card = await screen.findByTestId("conflict");
    // The import applied the newer name.
    expect((await memory.listMeasures(measure.initiative_id))[0].name).toBe("Grade 3 reading proficiency");

    await user.click(within(card).getByTestId("keep-mine"));
    await waitFor(() => expect(screen.getByTestId("sync-no-conflicts")).toBeInTheDocument());
    expect(memory.callsTo("syncResolve").map((c) => c.args)).toEqual([["c-name", { keep: "mine" }]]);
    expect((await memory.listMeasures(measure.initiative_id))[0].name).toBe("Third-grade reading proficiency");
    expect(screen.queryByTestId("nav-sync-conflicts")).toBeNull();
    const resolved = screen.getByTestId("sync-resolved");
    expect(within(resolved).getByText("1 resolved")).toBeInTheDocument();
    expect(within(resolved).getByTestId("conflict")).toHaveAttribute("data-status", "resolved");
    expect(within(resolved).getByTestId("conflict-closed")).toHaveTextContent("Resolved by Jo");
    // A closed conflict offers no buttons.
    expect(within(resolved).queryByTestId("keep-mine")).toBeNull();
  });

  it("Keep theirs and Write another value… send that choice; a value the core refuses is shown on the conflict", async () => {
    const { memory, measure } = await seeded();
    memory.sync.conflicts = [
      conflictFixture({ id: "c-1", row_id: measure.id }),
      conflictFixture({
        id: "c-2",
        row_id: measure.id,
        field: "rate_per",
        field_label: "rate per",
        mine: { value: 1000 },
        theirs: { value: 100000 },
      }),
    ];
    const user = await openSync(memory);
    expect(screen.getByTestId("nav-sync-conflicts")).toHaveTextContent("2");
    const [first, second] = screen.getAllByTestId("conflict");
    await user.click(within(first).getByTestId("keep-theirs"));
    await waitFor(() => expect(screen.getAllByTestId("conflict").filter((c) => c.dataset.status === "open")).toHaveLength(1));
    expect(memory.callsTo("syncResolve")[0].args).toEqual(["c-1", { keep: "theirs" }]);

    // The number conflict: a word is not a number.
    const open = screen.getAllByTestId("conflict").find((c) => c.dataset.id === "c-2")!;
    expect(open).toBe(second);
    await user.click(within(open).getByTestId("keep-value"));
    const field = within(open).getByRole("textbox", { name: "Your value for rate per" });
    // Starts from the value applied now.
    expect(field).toHaveValue("100000");
    await user.clear(field);
    await user.type(field, "about sixty");
    await user.click(within(open).getByTestId("keep-value-save"));
    expect(await within(open).findByTestId("conflict-error")).toHaveTextContent("\"about sixty\" is not a number");
    expect(memory.sync.conflicts.find((c) => c.id === "c-2")!.status).toBe("open");

    await user.clear(field);
    await user.type(field, "10000");
    await user.click(within(open).getByTestId("keep-value-save"));
    await waitFor(() => expect(screen.getByTestId("sync-no-conflicts")).toBeInTheDocument());
    expect(memory.callsTo("syncResolve")[2].args).toEqual(["c-2", { keep: "value", value: "10000" }]);
    expect(within(screen.getByTestId("sync-resolved")).getByText("2 resolved")).toBeInTheDocument();
    // Typed for the field: a number.
    expect((await memory.listMeasures(measure.initiative_id))[0].rate_per).toBe(10000);
  });

  it("shows long texts in full, side by side, with their line breaks, and markup as plain text", async () => {
    const { memory } = await seeded();
    const mineText = "Attendance fell after the bus route changed.\n\n- Families on the east side lost the 7:10 bus\n- <b>Not</b> bold";
    const theirsText = "Story from the listening session:\nparents said the new route adds 40 minutes.\n" + "More words. ".repeat(40);
    memory.sync.conflicts = [
      conflictFixture({
        id: "c-long",
        table: "worksheets",
        field: "story",
        what: "Worksheet of “Third-grade reading proficiency”",
        field_label: "story behind the curve",
        long_text: true,
        mine: { value: mineText },
        theirs: { value: theirsText },
      }),
    ];
    await openSync(memory);
    const card = screen.getByTestId("conflict");
    const [mine, theirs] = within(card).getAllByTestId("conflict-value");
    // textContent keeps every character: nothing cut, line breaks there to be shown (pre-wrap).
    expect(mine.textContent).toBe(mineText);
    expect(theirs.textContent).toBe(theirsText);
    expect(mine.querySelector("b")).toBeNull();
    expect(card.querySelector(".sides")).toHaveClass("long");
  });

  it("refuses a damaged file in words, naming it, and changes nothing", async () => {
    const { memory } = await seeded();
    const path = "/home/jo/Downloads/changes.bbsync";
    memory.sync.files.set(path, { sender: "x", senderName: "Amara", changes: 3, refused: "the file is damaged or incomplete (its checksum does not match)" });
    memory.sync.importPath = path;
    const user = await openSync(memory);
    await user.click(screen.getByTestId("sync-import"));
    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent("This file cannot be imported, nothing was changed.");
    expect(banner).toHaveTextContent(`${path}: the file is damaged or incomplete (its checksum does not match)`);
    expect(screen.queryByTestId("sync-import-result")).toBeNull();
    expect(screen.getByTestId("sync-no-peers")).toBeInTheDocument();
  });

  it("says so when the file is this laptop's own", async () => {
    const { memory } = await seeded();
    memory.sync.files.set("/tmp/mine.bbsync", { sender: memory.sync.replicaId, senderName: null, changes: 5 });
    memory.sync.importPath = "/tmp/mine.bbsync";
    const user = await openSync(memory);
    await user.click(screen.getByTestId("sync-import"));
    expect(await screen.findByTestId("sync-import-result")).toHaveTextContent("This file was written on this laptop");
    expect(screen.getAllByTestId("sync-event")[0]).toHaveAttribute("data-kind", "ignored");
  });

  it("exports for everyone or for a known colleague, under a name that says whose and when; cancelling writes nothing", async () => {
    const { memory, measure } = await seeded();
    memory.setAuthorName("Jo");
    amaraFile(memory, measure.id, "/tmp/a.bbsync");
    memory.sync.import("/tmp/a.bbsync");
    memory.sync.unsent = 4;
    const user = await openSync(memory);
    expect(screen.getByTestId("sync-unsent")).toHaveTextContent("4 changes");

    // Cancelled dialog: nothing written.
    await user.click(screen.getByTestId("sync-export"));
    await waitFor(() => expect(memory.callsTo("chooseSyncExportPath")).toHaveLength(1));
    expect(memory.callsTo("chooseSyncExportPath")[0].args[0]).toMatch(/^Backbone changes from Jo \d{4}-\d{2}-\d{2}\.bbsync$/);
    expect(memory.callsTo("syncExport")).toHaveLength(0);

    memory.sync.exportPath = "/media/usb/for-amara.bbsync";
    await user.selectOptions(screen.getByTestId("sync-for"), "7f3a9c21-1111-4000-8000-00000000000a");
    await user.click(screen.getByTestId("sync-export"));
    expect(await screen.findByTestId("sync-export-result")).toHaveTextContent("Wrote 4 changes to /media/usb/for-amara.bbsync");
    expect(memory.callsTo("syncExport")[0].args).toEqual(["7f3a9c21-1111-4000-8000-00000000000a", "/media/usb/for-amara.bbsync"]);
    await waitFor(() => expect(screen.getByTestId("sync-unsent")).toHaveTextContent("Nothing"));

    await user.selectOptions(screen.getByTestId("sync-for"), "");
    await user.click(screen.getByTestId("sync-export"));
    await waitFor(() => expect(memory.callsTo("syncExport")).toHaveLength(2));
    expect(memory.callsTo("syncExport")[1].args).toEqual([null, "/media/usb/for-amara.bbsync"]);
  });

  it("chooses a sync folder, syncs now (reading the others' files, listing one it refused), and forgets it", async () => {
    const { memory, measure } = await seeded();
    memory.sync.folders.add("/shared/backbone");
    memory.sync.folderPath = "/shared/backbone";
    amaraFile(memory, measure.id, "/shared/backbone/7f3a9c21.bbsync");
    memory.sync.files.set("/shared/backbone/beef.bbsync", { sender: "beef", senderName: "Sam", changes: 2, refused: "written by a newer Backbone (file format 9): update this app" });
    const user = await openSync(memory);
    expect(screen.getByTestId("sync-folder-path")).toHaveTextContent("No sync folder chosen.");
    expect(screen.queryByTestId("sync-now")).toBeNull();

    await user.click(screen.getByTestId("sync-choose-folder"));
    await waitFor(() => expect(screen.getByTestId("sync-folder-path")).toHaveTextContent("/shared/backbone"));
    await user.click(screen.getByTestId("sync-now"));
    const result = await screen.findByTestId("sync-folder-result");
    expect(result).toHaveTextContent("From Amara: 12 changes applied, 1 new conflict.");
    expect(within(result).getByTestId("sync-refused")).toHaveTextContent("/shared/backbone/beef.bbsync: written by a newer Backbone");
    expect(memory.sync.written.map((w) => w.file)).toEqual([`/shared/backbone/${memory.sync.replicaId}.bbsync`]);
    expect(await screen.findByTestId("conflict")).toBeInTheDocument();

    await user.click(screen.getByTestId("sync-forget-folder"));
    await waitFor(() => expect(screen.getByTestId("sync-folder-path")).toHaveTextContent("No sync folder chosen."));
    expect(memory.callsTo("setSyncFolder").map((c) => c.args)).toEqual([["/shared/backbone"], [null]]);
  });

  it("works with no initiative open: a new laptop joins by importing", async () => {
    const { MemoryBackend } = await import("../backend/memory");
    const memory = new MemoryBackend();
    memory.sync.files.set("/tmp/all.bbsync", { sender: "7f3a9c21", senderName: "Amara", changes: 300 });
    memory.sync.importPath = "/tmp/all.bbsync";
    const user = await openSync(memory);
    expect(screen.getByTestId("nav-sync")).toBeEnabled();
    await user.click(screen.getByTestId("sync-import"));
    expect(await screen.findByTestId("sync-import-result")).toHaveTextContent("From Amara: 300 changes applied, no new conflicts.");
  });
});
