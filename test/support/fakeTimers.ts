// Manual timers for driving the session store (unit tests and benchmarks): nothing fires until
// the caller says so. The store arms at most one poll timer at a time.

export interface ArmedTimer {
  fn: () => void;
  ms: number;
}

export class FakeTimers {
  private next = 1;
  readonly pending = new Map<number, ArmedTimer>();

  set = (fn: () => void, ms: number): number => {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  };

  clear = (t: unknown): void => {
    this.pending.delete(t as number);
  };

  /** The armed timer, if any, without firing it. */
  peek(): ArmedTimer | undefined {
    return this.pending.values().next().value;
  }

  /** Disarms and returns the armed timer, so the caller can fire it when it chooses. */
  take(): ArmedTimer | undefined {
    const entry = this.pending.entries().next().value;
    if (!entry) return undefined;
    this.pending.delete(entry[0]);
    return entry[1];
  }

  /** Fires the single armed timer; returns its delay, or -1 when none is armed. */
  fire(): number {
    if (this.pending.size > 1) throw new Error(`more than one poll timer armed: ${this.pending.size}`);
    const t = this.take();
    if (!t) return -1;
    t.fn();
    return t.ms;
  }
}
