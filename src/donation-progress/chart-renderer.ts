// The chart of cumulative donations, drawn with chart.js on a canvas: an OffscreenCanvas in a worker
// (chart-worker.ts) or, when no worker can start, the page's own canvas. It touches no DOM, so it runs in both.
import {
  CategoryScale,
  Chart,
  Filler,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartEvent,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Tooltip);

export interface ChartData {
  /** Dates, already formatted in the widget's language. */
  labels: string[];
  /** Cumulative amounts in major units. */
  values: number[];
  /** Intl locale and options that write an amount (axis and tooltip). */
  locale: string;
  money: Intl.NumberFormatOptions;
  /** Direction of the labels' text. Time runs left to right in every language (as Arabic news charts draw it). */
  textDirection: 'ltr' | 'rtl';
}

/** Colours and font read from the widget's tokens (a worker cannot read CSS). */
export interface ChartTheme {
  line: string;
  text: string;
  grid: string;
  font: string;
}

export interface ChartSize {
  width: number;
  height: number;
  pixelRatio: number;
}

export type ChartPoint = { x: number; y: number } | null;

/** More points than a phone-wide plot can show apart are thinned out (a cumulative total loses nothing). */
const MAX_POINTS = 120;

/**
 * Arabic text inside a right-to-left isolate: the plot (and its canvas) is left to right, and "29 نوفمبر" or
 * "150.000 د.م." would otherwise be ordered as in a left-to-right line.
 */
const isolate = (text: string, rtl: boolean) => (rtl ? `\u2067${text}\u2069` : text);

function decimate({ labels, values, textDirection }: ChartData) {
  const step = Math.ceil(labels.length / MAX_POINTS);
  const keep = (index: number) => index % step === 0 || index === labels.length - 1;
  const kept = labels.map((_, index) => index).filter(keep);
  return {
    labels: kept.map((index) => isolate(labels[index], textDirection === 'rtl')),
    // Already in chart.js's internal shape, so it skips parsing.
    points: kept.map((index, position) => ({ x: position, y: values[index] })),
  };
}

/** `#0b6e4f` → `#0b6e4f33`; other colour syntaxes get no translucent fill. */
const translucent = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : 'transparent');

export class ChartRenderer {
  private readonly chart: Chart<'line', { x: number; y: number }[], string>;

  constructor(canvas: HTMLCanvasElement | OffscreenCanvas, data: ChartData, theme: ChartTheme, size: ChartSize) {
    const { labels, points } = decimate(data);
    const rtl = data.textDirection === 'rtl';
    const amount = new Intl.NumberFormat(data.locale, data.money);
    const money = (value: number) => isolate(amount.format(value), rtl);
    const font = { family: theme.font };
    // chart.js draws on an OffscreenCanvas (its BasicPlatform), though its types name only the DOM canvas.
    this.chart = new Chart(canvas as HTMLCanvasElement, {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            data: points,
            borderColor: theme.line,
            backgroundColor: translucent(theme.line),
            fill: 'origin',
            tension: 0.25,
            pointRadius: 0,
            pointHitRadius: 8,
          },
        ],
      },
      options: {
        // No animation on first draw; no DOM listeners (the view forwards the pointer); our own sizing.
        animation: false,
        events: [],
        responsive: false,
        maintainAspectRatio: false,
        devicePixelRatio: size.pixelRatio,
        parsing: false,
        normalized: true,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          tooltip: {
            // Not `textDirection`: chart.js applies it to the canvas element's style, which a worker does not have.
            rtl,
            titleFont: font,
            bodyFont: font,
            callbacks: { label: (item) => money(item.parsed.y ?? 0) },
          },
        },
        scales: {
          x: {
            type: 'category',
            grid: { display: false },
            // 'inner' keeps the first and last dates inside the canvas.
            ticks: { color: theme.text, font, maxRotation: 0, autoSkipPadding: 40, align: 'inner' },
          },
          y: {
            beginAtZero: true,
            // Beside the labels' reading start: right in Arabic.
            position: rtl ? 'right' : 'left',
            grid: { color: theme.grid },
            ticks: { color: theme.text, font, maxTicksLimit: 5, callback: (value) => money(Number(value)) },
          },
        },
      },
    });
    this.resize(size);
  }

  update(data: ChartData): void {
    const { labels, points } = decimate(data);
    this.chart.data.labels = labels;
    this.chart.data.datasets[0].data = points;
    this.chart.update('none');
  }

  resize({ width, height }: ChartSize): void {
    if (width > 0 && height > 0) this.chart.resize(width, height);
  }

  /** Shows the tooltip for the day under `point` (CSS pixels from the canvas's corner), or hides it. */
  hover(point: ChartPoint): void {
    const event = point && ({ type: 'mousemove', native: null, ...point } satisfies ChartEvent);
    const active = event
      ? this.chart.getElementsAtEventForMode(event as unknown as Event, 'index', { intersect: false }, false)
      : [];
    this.chart.setActiveElements(active);
    this.chart.tooltip?.setActiveElements(active, point ?? { x: 0, y: 0 });
    this.chart.render();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
