/**
 * Everything the run creates registers how to undo it here; `run` undoes it all in reverse order, whether the
 * run succeeded or not, and reports what could not be undone instead of hiding it.
 */
export class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<void> }[] = [];

  add(what: string, undo: () => Promise<void>): void {
    this.steps.push({ what, undo });
  }

  async run(): Promise<string[]> {
    const failures: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.undo();
      } catch (error) {
        failures.push(`${step.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  }
}
