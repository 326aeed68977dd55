/** Short-lived messages at the bottom of the window, optionally with one action (Undo). */
export interface ToastAction {
  label: string;
  run: () => unknown;
  testid?: string;
}

export interface Toast {
  id: number;
  message: string;
  tone: "info" | "success" | "error";
  action?: ToastAction;
}

export class Toasts {
  items: Toast[] = $state([]);
  private next = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(message: string, options: { tone?: Toast["tone"]; action?: ToastAction; timeoutMs?: number } = {}): number {
    const id = this.next++;
    this.items = [...this.items, { id, message, tone: options.tone ?? "info", action: options.action }];
    // An undo offer stays longer than a plain note; 0 keeps the toast until dismissed.
    const timeout = options.timeoutMs ?? (options.action ? 10_000 : 5_000);
    if (timeout > 0) this.timers.set(id, setTimeout(() => this.dismiss(id), timeout));
    return id;
  }

  dismiss(id: number): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
    this.items = this.items.filter((x) => x.id !== id);
  }

  clear(): void {
    for (const id of [...this.timers.keys()]) this.dismiss(id);
    this.items = [];
  }
}
