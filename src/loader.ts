/**
 * The CDN's `tadamon.js`: finds the `tadamon-*` elements of the page (those there now, those added later, and those in
 * the open shadow roots a host passes to `tadamon.scan(root)`) and imports only their widgets, from next to itself.
 */

/**
 * Written by the build (scripts/build.mjs) for every widget of src/: its tag and the hashed files its first load
 * needs (the shared chunk with Lit, i18next and core, and its own chunk), relative to this file. Importing them all
 * at once fetches them in parallel, rather than the shared chunk only once the widget's chunk has arrived.
 */
declare const __TADAMON_WIDGET_FILES__: Record<string, string[]>;
const widgetFiles = __TADAMON_WIDGET_FILES__;

const requested = new Set<string>();
const selector = Object.keys(widgetFiles).join();

function load(tag: string): void {
  // Defined already: by a per-widget entry, or by another copy of the library (a bundled one, another version).
  if (!(tag in widgetFiles) || requested.has(tag) || customElements.get(tag)) return;
  requested.add(tag);
  Promise.all(widgetFiles[tag].map((file) => import(/* @vite-ignore */ file))).catch((error: unknown) => {
    requested.delete(tag);
    console.error(`tadamon: <${tag}> could not load`, error);
  });
}

function scanNode(node: Node): void {
  if (node instanceof Element) load(node.localName);
  if (node instanceof Element || node instanceof Document || node instanceof DocumentFragment) {
    for (const element of node.querySelectorAll(selector)) load(element.localName);
  }
}

const observer = new MutationObserver((records) => {
  for (const record of records) record.addedNodes.forEach(scanNode);
});

/** Loads the widgets found in `root` and in what is added to it later. Call it with open shadow roots you create. */
export function scan(root: Document | ShadowRoot | Element = document): void {
  scanNode(root);
  observer.observe(root, { childList: true, subtree: true });
}

declare global {
  interface Window {
    /** The loader's API (`tadamon.js`); the first copy on a page keeps the name. */
    tadamon?: { scan: typeof scan };
  }
}

window.tadamon ??= { scan };
scan();
