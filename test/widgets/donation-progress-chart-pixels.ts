/** Reading what a chart canvas shows (also one drawn from a worker): tests of the donation chart share these. */

/** The canvas's current picture, at its CSS size. */
export function pixels(canvas: HTMLCanvasElement): ImageData {
  const copy = document.createElement('canvas');
  copy.width = canvas.clientWidth;
  copy.height = canvas.clientHeight;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0, copy.width, copy.height);
  return context.getImageData(0, 0, copy.width, copy.height);
}

/** `#0b6e4f` → [11, 110, 79]. */
const rgb = (hex: string) => [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));

/** The highest row (smallest y) in column `x` (a fraction of the width) drawn in `color`, or null. */
export function topOfLine(image: ImageData, x: number, color: string): number | null {
  const [red, green, blue] = rgb(color);
  const column = Math.round(x * (image.width - 1));
  for (let y = 0; y < image.height; y++) {
    const at = (y * image.width + column) * 4;
    const distance =
      Math.abs(image.data[at] - red) + Math.abs(image.data[at + 1] - green) + Math.abs(image.data[at + 2] - blue);
    if (image.data[at + 3] > 200 && distance < 40) return y;
  }
  return null;
}

/** How many pixels differ between two pictures of the same size. */
export function changedPixels(before: ImageData, after: ImageData): number {
  let changed = 0;
  for (let at = 0; at < before.data.length; at += 4) {
    if (before.data.slice(at, at + 4).some((value, channel) => value !== after.data[at + channel])) changed++;
  }
  return changed;
}
