// Loaded with import() only when the chart is about to scroll into view: chart.js
// is most of the widget's weight and many visitors never reach the chart.
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

export interface DonationChartData {
  labels: string[];
  /** Cumulative amounts in major units. */
  values: number[];
}

export interface DonationChartOptions {
  rtl: boolean;
  reducedMotion: boolean;
  color: string;
  textColor: string;
  gridColor: string;
  formatValue: (value: number) => string;
}

export interface DonationChart {
  update(data: DonationChartData): void;
  resize(width: number, height: number): void;
  destroy(): void;
}

/** `#0b6e4f` → `#0b6e4f33`; other colour syntaxes get no translucent fill. */
const translucent = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : 'transparent');

export function createDonationChart(
  canvas: HTMLCanvasElement,
  data: DonationChartData,
  options: DonationChartOptions,
): DonationChart {
  const { rtl, color, textColor, gridColor, formatValue } = options;
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: [
        {
          data: data.values,
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
      // chart.js misreads sizes inside shadow roots: the widget drives resize() itself.
      responsive: false,
      maintainAspectRatio: false,
      animation: options.reducedMotion ? false : { duration: 400 },
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          rtl,
          textDirection: rtl ? 'rtl' : 'ltr',
          callbacks: { label: (item) => formatValue(item.parsed.y ?? 0) },
        },
      },
      scales: {
        x: { reverse: rtl, grid: { display: false }, ticks: { color: textColor, maxRotation: 0, autoSkipPadding: 12 } },
        y: {
          beginAtZero: true,
          position: rtl ? 'right' : 'left',
          grid: { color: gridColor },
          ticks: { color: textColor, maxTicksLimit: 5, callback: (value) => formatValue(Number(value)) },
        },
      },
    },
  });

  return {
    update({ labels, values }) {
      chart.data.labels = labels;
      chart.data.datasets[0].data = values;
      chart.update();
    },
    resize(width, height) {
      if (width > 0 && height > 0) chart.resize(width, height);
    },
    destroy() {
      chart.destroy();
    },
  };
}
