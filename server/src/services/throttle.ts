/**
 * Runs a task per key at most once per interval: the first call runs at once, calls within the interval are merged
 * into one run at its end (so the last change is never lost).
 */
export class KeyedThrottle {
  readonly #lastRun = new Map<string, number>();
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly intervalMs: number) {}

  run(key: string, task: () => void): void {
    if (this.#pending.has(key)) return;
    const wait = (this.#lastRun.get(key) ?? -Infinity) + this.intervalMs - Date.now();
    const runNow = () => {
      this.#pending.delete(key);
      this.#lastRun.set(key, Date.now());
      task();
      // Forget keys that went quiet, so the map stays small.
      const forget = setTimeout(() => {
        if (!this.#pending.has(key) && Date.now() - (this.#lastRun.get(key) ?? 0) >= this.intervalMs) {
          this.#lastRun.delete(key);
        }
      }, this.intervalMs);
      forget.unref();
    };
    if (wait <= 0) {
      runNow();
      return;
    }
    const timer = setTimeout(runNow, wait);
    timer.unref();
    this.#pending.set(key, timer);
  }

  clear(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    this.#lastRun.clear();
  }
}
