/** Only web links are rendered from API data; anything else (`javascript:`, `data:`) is dropped. */
export function safeWebUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
