export interface MeasuredFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** Initial (entry + static imports + largest locale) and lazy chunk sizes of one CDN entry. */
export function measureEntry(name: string): {
  entry: string;
  initial: { gzip: number; brotli: number; raw: number; files: MeasuredFile[] };
  lazy: MeasuredFile[];
};
