// Loaded with import() only when the chart is about to scroll into view: chart.js
// is most of the widget's weight and many visitors never reach the chart. It
// imports nothing from the widget or core, so their code stays in one initial file.
import {
  CategoryScale,
  Chart,
  Filler,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Tooltip);

/** `#0b6e4f` → `#0b6e4f33`; other colour syntaxes get no translucent fill. */
const translucent = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : 'transparent');

export interface ChartData {
  labels: string[];
  /** Cumulative amounts in major units. */
  values: number[];
  formatValue: (value: number) => string;
  rtl: boolean;
}

/** The chart of cumulative donations for one widget. */
export class DonationChartView {
  private chart?: Chart<'line', number[], string>;
  private resizeObserver?: ResizeObserver;

  /** Draws on the canvas inside `wrap`, or updates the chart already there. */
  draw(host: HTMLElement, wrap: HTMLElement, { labels, values, formatValue, rtl }: ChartData): void {
    const canvas = wrap.querySelector('canvas');
    if (this.chart?.canvas === canvas && this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0].data = values;
      this.chart.update();
      return;
    }
    this.destroy();
    if (!canvas) return;
    const style = getComputedStyle(host);
    const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const color = token('--_accent', '#0b6e4f');
    const textColor = token('--_muted', '#55606e');
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            data: values,
            borderColor: color,
            backgroundColor: translucent(color),
            fill: 'origin',
            tension: 0.25,
            pointRadius: 0,
            pointHitRadius: 8,
          },
        ],
      },
      options: {
        // chart.js misreads sizes inside shadow roots: our own ResizeObserver drives resize().
        responsive: false,
        maintainAspectRatio: false,
        animation: matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 400 },
        interaction: { mode: 'index', intersect: false },
        plugins: {
          tooltip: {
            rtl,
            textDirection: rtl ? 'rtl' : 'ltr',
            callbacks: { label: (item) => formatValue(item.parsed.y ?? 0) },
          },
        },
        scales: {
          x: {
            reverse: rtl,
            grid: { display: false },
            // 'inner' keeps the first and last dates inside the canvas (the last one was cut off in RTL).
            ticks: { color: textColor, maxRotation: 0, autoSkipPadding: 24, align: 'inner' },
          },
          y: {
            beginAtZero: true,
            position: rtl ? 'right' : 'left',
            grid: { color: token('--_track', '#e4e8ec') },
            ticks: { color: textColor, maxTicksLimit: 5, callback: (value) => formatValue(Number(value)) },
          },
        },
      },
    });
    this.resize(wrap.clientWidth, wrap.clientHeight);
    this.resizeObserver = new ResizeObserver(([entry]) =>
      this.resize(entry.contentRect.width, entry.contentRect.height),
    );
    this.resizeObserver.observe(wrap);
  }

  private resize(width: number, height: number) {
    if (width > 0 && height > 0) this.chart?.resize(width, height);
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.chart?.destroy();
    this.chart = undefined;
  }
}
