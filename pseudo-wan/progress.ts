/**
 * The progress display of `start`: one line per phase with its elapsed time. On a terminal a
 * phase shows as running and is rewritten when done; elsewhere (CI, pipes) each finished
 * phase is one plain line, so logs stay readable.
 */

/** Prints phases as they run. */
export class Progress {
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    this.tty = Boolean(out.isTTY) && !process.env.CI;
  }

  /** Runs one phase, printing its name and how long it took (or that it failed). */
  async phase<T>(name: string, work: (detail: (text: string) => void) => Promise<T>): Promise<T> {
    const t0 = Date.now();
    const detail = (text: string) => {
      if (this.tty) this.out.write(`\r\x1b[K${this.fit(`  … ${name}: ${text}`)}`);
    };
    if (this.tty) this.out.write(this.fit(`  … ${name}`));
    try {
      const value = await work(detail);
      this.line('✔', name, t0);
      return value;
    } catch (err) {
      this.line('✘', name, t0);
      throw err;
    }
  }

  /** Seconds since the display was made. */
  elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** A running line must fit the terminal, or `\r` could not rewrite it. */
  private fit(text: string): string {
    const width = (this.out.columns ?? 80) - 1;
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  }

  private line(mark: string, name: string, t0: number): void {
    const took = ((Date.now() - t0) / 1000).toFixed(2).padStart(6);
    const total = this.elapsed().toFixed(2).padStart(6);
    this.out.write(`${this.tty ? '\r\x1b[K' : ''}${mark} ${took} s  (${total} s)  ${name}\n`);
  }
}
