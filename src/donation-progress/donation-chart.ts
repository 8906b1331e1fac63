// Loaded with import() only when the chart is about to scroll into view. chart.js itself never runs on the page's
// main thread when a worker can start: its first draw there blocked the page for ~240 ms at 4× CPU.
import { TrustedWorker } from '../core/trusted-worker.js';
import type { ChartData, ChartPoint, ChartRenderer, ChartSize, ChartTheme } from './chart-renderer.js';
import type { ChartReply, ChartRequest } from './chart-worker.js';

export type { ChartData, ChartTheme };

/** What draws: chart.js in a worker (through messages) or in the page. */
interface Drawing {
  update(data: ChartData): Promise<void>;
  resize(size: ChartSize): void;
  hover(point: ChartPoint): void;
  destroy(): void;
}

const noop = () => {};

// Vite bundles the worker it finds written literally as `new Worker(new URL('…', import.meta.url))`.
const Worker = TrustedWorker;

/** Resolves in the browser's idle time (after the first paint), so drawing waits for nothing more urgent. */
const idle = () =>
  new Promise<void>((resolve) =>
    'requestIdleCallback' in window ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 50),
  );

/**
 * chart.js in a worker on the canvas's OffscreenCanvas, or null when no worker can start (the library served from
 * another origin than the page, no OffscreenCanvas): the canvas is handed over only once the worker has loaded,
 * so the page can still draw on it itself.
 */
async function drawInWorker(
  canvas: HTMLCanvasElement,
  data: ChartData,
  theme: ChartTheme,
  size: ChartSize,
): Promise<Drawing | null> {
  if (!('transferControlToOffscreen' in canvas)) return null;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./chart-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  // Replies come in the order of the requests; a worker that fails (its script cannot load) answers them all.
  const replies: ((reply: ChartReply | 'error') => void)[] = [];
  const next = () => new Promise<ChartReply | 'error'>((resolve) => replies.push(resolve));
  worker.onmessage = ({ data: reply }: MessageEvent<ChartReply>) => replies.shift()?.(reply);
  worker.onerror = () => replies.splice(0).forEach((resolve) => resolve('error'));
  if ((await next()) !== 'ready') {
    worker.terminate();
    return null;
  }
  const send = (request: ChartRequest, transfer: Transferable[] = []) => worker.postMessage(request, transfer);
  const offscreen = canvas.transferControlToOffscreen();
  const drawn = next();
  send({ type: 'draw', canvas: offscreen, data, theme, size }, [offscreen]);
  await drawn;
  return {
    update: (update) => {
      const done = next().then(() => undefined);
      send({ type: 'update', data: update });
      return done;
    },
    resize: (resized) => send({ type: 'resize', size: resized }),
    hover: (point) => send({ type: 'hover', point }),
    destroy: () => worker.terminate(),
  };
}

/** Loads chart-renderer.ts into the page: `() => import('./chart-renderer.js')`. */
export type RendererLoader = () => Promise<{ ChartRenderer: typeof ChartRenderer }>;

/** The same renderer in the page, loaded and drawn in idle time, without animation. */
async function drawInPage(
  load: RendererLoader,
  canvas: HTMLCanvasElement,
  data: ChartData,
  theme: ChartTheme,
  size: ChartSize,
): Promise<Drawing> {
  await idle();
  const { ChartRenderer } = await load();
  await idle();
  const renderer = new ChartRenderer(canvas, data, theme, size);
  return {
    update: (update) => Promise.resolve(renderer.update(update)),
    resize: (resized) => renderer.resize(resized),
    hover: (point) => renderer.hover(point),
    destroy: () => renderer.destroy(),
  };
}

/** The chart of cumulative donations for one widget. */
export class DonationChartView {
  /**
   * @param loadInPage imports the renderer for the page when no worker can start. Written in the widget's module:
   * an import() here, in a lazy chunk, would move the bundler's preload helper out of the first load.
   */
  constructor(private readonly loadInPage: RendererLoader) {}

  private canvas?: HTMLCanvasElement;
  private drawing?: Promise<Drawing | undefined>;
  private resizeObserver?: ResizeObserver;
  private listeners?: AbortController;

  /** Draws on the canvas inside `wrap`, or updates the chart already there; resolves once drawn. */
  async draw(wrap: HTMLElement, data: ChartData, theme: ChartTheme): Promise<void> {
    const canvas = wrap.querySelector('canvas') ?? undefined;
    if (canvas && canvas === this.canvas && this.drawing) {
      await (await this.drawing)?.update(data);
      return;
    }
    this.destroy();
    if (!canvas) return;
    this.canvas = canvas;
    const size = () => ({ width: wrap.clientWidth, height: wrap.clientHeight, pixelRatio: devicePixelRatio });
    const start = async (): Promise<Drawing | undefined> => {
      const started =
        (await drawInWorker(canvas, data, theme, size())) ??
        (await drawInPage(this.loadInPage, canvas, data, theme, size()));
      // Destroyed (or redrawn on another canvas) meanwhile.
      if (this.drawing !== drawing) return void started.destroy();
      return started;
    };
    const drawing = start();
    this.drawing = drawing;
    const drawn = await drawing;
    if (!drawn) return;
    this.resizeObserver = new ResizeObserver(() => drawn.resize(size()));
    this.resizeObserver.observe(wrap);
    this.listeners = new AbortController();
    const { signal } = this.listeners;
    canvas.addEventListener('pointermove', ({ offsetX: x, offsetY: y }) => drawn.hover({ x, y }), { signal });
    canvas.addEventListener('pointerleave', () => drawn.hover(null), { signal });
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.listeners?.abort();
    void this.drawing?.then((drawing) => drawing?.destroy(), noop);
    this.drawing = this.canvas = undefined;
  }
}
