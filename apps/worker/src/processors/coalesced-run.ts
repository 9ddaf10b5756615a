/**
 * Runs a pass (a relay or sweep over PostgreSQL) one at a time. A kick during a pass asks for one
 * more pass right after it, so a burst of NOTIFYs costs at most two passes, never overlapping ones.
 */
export class CoalescedRun {
  private running = false;
  private again = false;
  private halted = false;

  constructor(private readonly pass: () => Promise<unknown>) {}

  get stopped(): boolean {
    return this.halted;
  }

  kick(): void {
    if (this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** No new pass starts; resolves when the running one is over. */
  async stop(): Promise<void> {
    this.halted = true;
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }
}
