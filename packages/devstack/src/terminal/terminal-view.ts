import type { OutputStream } from '../child';

/**
 * The terminal `npm start` writes to: lines scroll as usual, and one status line stays at the bottom,
 * cleared before any other line is written and drawn again after it.
 */
export class TerminalView {
  private status = '';
  private drawn = false;
  private closed = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly err: NodeJS.WriteStream,
  ) {}

  print(line: string, stream: OutputStream = 'stdout'): void {
    this.clear();
    (stream === 'stderr' ? this.err : this.out).write(`${line}\n`);
    this.draw();
  }

  setStatus(line: string): void {
    if (this.closed) return;
    this.clear();
    this.status = line;
    this.draw();
  }

  /** Takes the status line away for good: what follows (the shutdown) is plain lines. */
  close(): void {
    this.clear();
    this.closed = true;
    this.status = '';
  }

  private clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    if (!this.status) return;
    const width = this.out.columns ?? 120;
    const visible = this.status.replace(/\x1b\[[0-9;]*m/g, '');
    // Wider than the terminal it would wrap, and clearing would leave its first part behind.
    this.out.write(visible.length >= width ? `${visible.slice(0, width - 2)}…` : this.status);
    this.drawn = true;
  }
}
