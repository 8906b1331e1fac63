/**
 * Draws the chart off the main thread, on the OffscreenCanvas the page hands over: chart.js's first draw took
 * ~240 ms of the page's main thread at 4× CPU. Started by donation-chart.ts, only when the chart is about to be seen.
 */
import { ChartRenderer, type ChartData, type ChartPoint, type ChartSize, type ChartTheme } from './chart-renderer.js';

export type ChartRequest =
  | { type: 'draw'; canvas: OffscreenCanvas; data: ChartData; theme: ChartTheme; size: ChartSize }
  | { type: 'update'; data: ChartData }
  | { type: 'resize'; size: ChartSize }
  | { type: 'hover'; point: ChartPoint };

/** `ready` once this module (and chart.js) has loaded, `drawn` after each draw or update. */
export type ChartReply = 'ready' | 'drawn';

const reply = (message: ChartReply) => self.postMessage(message);
let renderer: ChartRenderer | undefined;

self.onmessage = ({ data: request }: MessageEvent<ChartRequest>) => {
  switch (request.type) {
    case 'draw':
      renderer = new ChartRenderer(request.canvas, request.data, request.theme, request.size);
      return reply('drawn');
    case 'update':
      renderer?.update(request.data);
      return reply('drawn');
    case 'resize':
      return renderer?.resize(request.size);
    case 'hover':
      return renderer?.hover(request.point);
  }
};

reply('ready');
