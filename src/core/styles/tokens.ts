import { css } from 'lit';

/**
 * Library design tokens. Hosts theme every widget by setting the public
 * `--tadamon-*` properties (on `:root` or on the element); each widget reads
 * the private `--_*` copies below, which carry the documented defaults.
 * Defaults meet WCAG AA contrast in both themes.
 *
 * | Property | Light default | Dark default |
 * | --- | --- | --- |
 * | `--tadamon-color-accent` | `#0b6e4f` | `#4cc38a` |
 * | `--tadamon-color-on-accent` (text on accent) | `#ffffff` | `#06251a` |
 * | `--tadamon-color-surface` | `#ffffff` | `#16191d` |
 * | `--tadamon-color-text` | `#1b1f24` | `#eef1f4` |
 * | `--tadamon-color-muted` (secondary text) | `#55606e` | `#a9b4c0` |
 * | `--tadamon-color-border` | `#8c959f` | `#6e7781` |
 * | `--tadamon-color-track` (empty part of bars) | `#e4e8ec` | `#2d333b` |
 * | `--tadamon-color-success` | `#1a7f37` | `#56d364` |
 * | `--tadamon-color-danger` | `#b42318` | `#ff8a80` |
 * | `--tadamon-radius` | `0.5rem` | |
 * | `--tadamon-spacing` (base unit) | `1rem` | |
 * | `--tadamon-font-family` | system UI stack with Arabic and Tifinagh fallbacks | |
 */
export const tokens = css`
  :host {
    --_accent: var(--tadamon-color-accent, #0b6e4f);
    --_on-accent: var(--tadamon-color-on-accent, #ffffff);
    --_surface: var(--tadamon-color-surface, #ffffff);
    --_text: var(--tadamon-color-text, #1b1f24);
    --_muted: var(--tadamon-color-muted, #55606e);
    --_border: var(--tadamon-color-border, #8c959f);
    --_track: var(--tadamon-color-track, #e4e8ec);
    --_success: var(--tadamon-color-success, #1a7f37);
    --_danger: var(--tadamon-color-danger, #b42318);
    --_radius: var(--tadamon-radius, 0.5rem);
    --_space: var(--tadamon-spacing, 1rem);
    --_font: var(
      --tadamon-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      'Noto Sans Arabic',
      'Noto Naskh Arabic',
      Tahoma,
      'DejaVu Sans',
      'Noto Sans Tifinagh',
      sans-serif
    );
    --_transition: 200ms ease-out;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--tadamon-color-accent, #4cc38a);
      --_on-accent: var(--tadamon-color-on-accent, #06251a);
      --_surface: var(--tadamon-color-surface, #16191d);
      --_text: var(--tadamon-color-text, #eef1f4);
      --_muted: var(--tadamon-color-muted, #a9b4c0);
      --_border: var(--tadamon-color-border, #6e7781);
      --_track: var(--tadamon-color-track, #2d333b);
      --_success: var(--tadamon-color-success, #56d364);
      --_danger: var(--tadamon-color-danger, #ff8a80);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    :host {
      --_transition: 0s;
    }
  }
`;
