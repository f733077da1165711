import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { FetchError } from '../errors';
import { treeRssMiB } from './proc-tree';

export interface BrowserSettings {
  executablePath: string;
  /** Pages rendered at once by this replica. */
  concurrency: number;
  /** The browser is replaced once its processes together hold more than this. */
  maxMemoryMiB: number;
}

/**
 * Flags for a browser that only draws pages: no GPU, no QUIC (every request must be one the fetcher
 * can intercept), no background traffic of its own. The sandbox needs privileges our containers do not
 * grant; isolation comes from the interception instead: the browser reaches nothing by itself.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One launched browser: its connection and its server process. */
interface Instance {
  browser: Browser;
  server: BrowserServer;
  /** Renders in progress on it: a retired instance closes when the last one ends. */
  active: number;
  retired: boolean;
  closing: Promise<void> | null;
}

/**
 * One Chromium per fetcher replica, launched on first use, with at most `concurrency` pages at a time.
 * A browser that died or grew past the memory bound is retired: renders in progress finish on it, the
 * next ones start a new one, and it is closed when the last of its renders ends.
 */
export class RenderBrowser {
  private current: Promise<Instance> | null = null;
  /** The current browser once it has started: what a retirement compares against. */
  private started: Instance | null = null;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  /** Browsers started so far: more than one means restarts (a crash or the memory bound). */
  launches = 0;

  constructor(private readonly settings: BrowserSettings) {}

  /** Runs `work` with a browser and a page slot; the slot and the browser's use are released after. */
  async use<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
    await this.slot();
    try {
      const instance = await this.instance();
      instance.active++;
      try {
        return await work(instance.browser);
      } finally {
        instance.active--;
        if (!instance.retired && treeRssMiB(instance.server.process().pid ?? -1) > this.settings.maxMemoryMiB) this.retire(instance);
        if (instance.retired && instance.active === 0) void close(instance);
      }
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  /** Retires the browser now, e.g. when a page in it hangs beyond closing. */
  retireCurrent(): void {
    if (this.started) this.retire(this.started);
  }

  async close(): Promise<void> {
    await this.current?.catch(() => null);
    const instance = this.started;
    this.current = null;
    this.started = null;
    if (instance) await close(instance);
  }

  private async slot(): Promise<void> {
    if (this.inFlight >= this.settings.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
  }

  private instance(): Promise<Instance> {
    if (!this.current) {
      this.launches++;
      const launching = launch(this.settings).then((instance) => {
        this.started = instance;
        instance.browser.once('disconnected', () => this.retire(instance));
        return instance;
      });
      // A failed start is not kept: the next render tries again.
      launching.catch(() => {
        if (this.current === launching) this.current = null;
      });
      this.current = launching;
    }
    return this.current.catch((err: unknown) => {
      throw new FetchError(`cannot start the browser at ${this.settings.executablePath}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    });
  }

  /** Renders in progress finish on a retired browser; the next ones start a new one. */
  private retire(instance: Instance): void {
    if (instance.retired) return;
    instance.retired = true;
    if (this.started === instance) {
      this.started = null;
      this.current = null;
    }
    if (instance.active === 0) void close(instance);
  }
}

async function launch(settings: BrowserSettings): Promise<Instance> {
  // playwright gives every launch a new, empty profile (--user-data-dir) and removes it on close.
  const server = await chromium.launchServer({
    executablePath: settings.executablePath,
    args: FLAGS,
    // Anything the interception misses meets a proxy that does not exist, loopback included.
    proxy: { server: 'http://127.0.0.1:9', bypass: '<-loopback>' },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const browser = await chromium.connect(server.wsEndpoint());
  return { browser, server, active: 0, retired: false, closing: null };
}

/** Closes once, however many times it is asked. */
function close(instance: Instance): Promise<void> {
  instance.closing ??= (async () => {
    await instance.browser.close().catch(() => undefined);
    await instance.server.close().catch(() => undefined);
    // If closing politely failed, the process must not outlive its retirement.
    instance.server.process().kill('SIGKILL');
  })();
  return instance.closing;
}
