import { css } from 'lit';

export const donationProgressStyles = css`
  :host {
    --_bar-color: var(--tadamon-donation-progress-bar-color, var(--_accent));
    --_bar-height: var(--tadamon-donation-progress-bar-height, 0.75rem);
    --_min-height: var(--tadamon-donation-progress-min-height, 22rem);
  }

  :host([layout='compact']) {
    --_min-height: var(--tadamon-donation-progress-min-height, 9rem);
  }

  .base {
    position: relative;
    gap: calc(var(--_space) * 0.75);
  }

  p,
  ul,
  figure {
    margin: 0;
  }

  ul {
    padding: 0;
    list-style: none;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 1rem;
  }

  .status {
    padding-block: 0.125rem;
    padding-inline: 0.625rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    color: var(--_muted);
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
  }

  .status.active,
  .status.reached {
    color: var(--_success);
  }

  .progress {
    display: flex;
    flex-direction: column;
    /* Clear of the milestone ticks, which stand out of the bar. */
    gap: 0.75rem;
  }

  .bar {
    position: relative;
    block-size: var(--_bar-height);
    border-radius: 999px;
    background: var(--_track);
  }

  .item .bar {
    --_bar-height: 0.5rem;
  }

  .fill {
    block-size: 100%;
    max-inline-size: 100%;
    border-radius: inherit;
    background: var(--_bar-color);
    transition: inline-size var(--_transition);
  }

  /* Centred on its amount (--_at, a percentage of the goal), never past either end of the bar. */
  .marker {
    position: absolute;
    inset-block: -0.25rem;
    inset-inline-start: clamp(0rem, calc(var(--_at) - 0.125rem), calc(100% - 0.25rem));
    inline-size: 0.25rem;
    border-radius: 2px;
    background: var(--_text);
  }

  .marker.reached {
    background: var(--_on-accent);
    outline: 1px solid var(--_bar-color);
  }

  /* The amounts wrap among themselves; the percentage keeps its place at the end of the first line. */
  .amounts {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
  }

  .raised {
    margin-inline-end: 0.25rem;
    font-size: 1.5em;
    font-weight: 700;
    white-space: nowrap;
  }

  .percent {
    font-weight: 600;
    white-space: nowrap;
  }

  /* "of 150 000 MAD" goes to the next line as a whole rather than leave its amount alone there. */
  .amounts .muted {
    display: inline-block;
  }

  .stats {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.5rem;
  }

  .section-title {
    margin-block-end: 0.25rem;
    font-weight: 600;
  }

  /* Label and amount in two columns: a long label wraps in its own, every amount stays on its line's end. */
  .milestone {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: baseline;
    gap: 0.25rem 1rem;
    padding-block: 0.25rem;
  }

  .milestone > .muted {
    white-space: nowrap;
  }

  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 1rem;
    padding-block: 0.25rem;
  }

  .item .bar {
    flex-basis: 100%;
  }

  .milestone.reached .check {
    color: var(--_success);
  }

  .chart {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }

  .canvas-wrap {
    position: relative;
    /* chart.js needs an explicit height inside a shadow root. */
    block-size: var(--tadamon-donation-progress-chart-height, 12rem);
  }

  .canvas-wrap canvas,
  .canvas-wrap .skeleton {
    position: absolute;
    inset: 0;
  }

  /* A canvas drawn from a worker has only its pixel size: stretch it over the area it was drawn for. */
  .canvas-wrap canvas {
    inline-size: 100%;
    block-size: 100%;
  }

  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-size: 0.9em;
  }

  th,
  td {
    padding: 0.25rem 0.5rem;
    border-block-end: 1px solid var(--_track);
    text-align: start;
  }

  summary {
    cursor: pointer;
    color: var(--_accent);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .offline {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_muted);
    color: var(--_muted);
  }

  .skeleton.short {
    inline-size: 35%;
  }

  .skeleton.bar {
    inline-size: 100%;
  }

  .skeleton.block {
    flex: 1;
    min-block-size: 6rem;
  }

  .celebrate {
    animation: tadamon-celebrate 1.2s ease-out 2;
  }

  @keyframes tadamon-celebrate {
    30% {
      transform: scale(1.08);
    }
    60% {
      transform: scale(0.98);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .celebrate {
      animation: none;
    }
  }

  @media (forced-colors: active) {
    .bar {
      border: 1px solid CanvasText;
    }
    .fill {
      background: Highlight;
    }
    .marker,
    .marker.reached {
      background: CanvasText;
    }
  }
`;
