export interface MeasuredFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** The size budgets: pages, the widgets on each (`'all'`: every widget of the build), and their gzip budget in bytes. */
export const pages: { page: string; widgets: string[] | 'all'; budget: number }[];

/** Sizes of one file of dist/cdn. */
export function measureFile(file: string): MeasuredFile;

/** What a page with these widgets fetches before they show content, and the lazy chunks they may fetch later. */
export function measurePage(
  widgets: string[] | 'all',
  graph?: unknown,
): { gzip: number; brotli: number; raw: number; files: MeasuredFile[]; lazy: MeasuredFile[] };
