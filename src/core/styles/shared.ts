import { css } from 'lit';

/** The card, focus ring, buttons, title and muted text, messages, skeletons and helpers every widget uses. */
export const shared = css`
  :host {
    display: block;
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.5;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  /* A widget sets --_min-height: the space reserved while loading, so the host page does not jump. */
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    min-block-size: var(--_min-height);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-block-size: 2.75rem;
    padding-block: 0.5rem;
    padding-inline: 1.25rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }

  .button:hover {
    filter: brightness(1.1);
  }

  .button.secondary {
    background: transparent;
    color: var(--_accent);
  }

  .title {
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.3;
  }

  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }

  /* Loading, offline and error messages (core/templates.ts). */
  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    justify-content: center;
    gap: 0.75rem;
    flex: 1;
  }

  .message.error p {
    color: var(--_danger);
    font-weight: 600;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .skeleton {
    border-radius: var(--_radius);
    background: var(--_track);
    animation: tadamon-pulse 1.5s ease-in-out infinite;
  }

  .skeleton.line {
    block-size: 1.25rem;
  }

  .skeleton.short {
    inline-size: 60%;
  }

  @keyframes tadamon-pulse {
    50% {
      opacity: 0.5;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }

  @media (forced-colors: active) {
    .button {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }
    .skeleton {
      border: 1px solid CanvasText;
    }
  }
`;
