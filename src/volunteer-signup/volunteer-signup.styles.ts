import { css } from 'lit';

export const volunteerSignupStyles = css`
  :host {
    --_min-height: var(--tadamon-volunteer-signup-min-height, 20rem);
    --_field-border: var(--tadamon-volunteer-signup-field-border, var(--_border));
  }

  p,
  ul,
  fieldset {
    margin: 0;
  }

  ul {
    padding-inline-start: 1.25em;
  }

  .header {
    display: grid;
    gap: 0.25rem;
  }

  .label,
  .section-title,
  legend,
  .field > label {
    font-weight: 600;
  }

  .form {
    display: grid;
    gap: var(--_space);
  }

  fieldset {
    display: grid;
    gap: 0.5rem;
    min-inline-size: 0;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .shift,
  .check {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: start;
    gap: 0.25rem 0.5rem;
  }

  .shift label {
    display: grid;
  }

  .shift.unavailable label {
    color: var(--_muted);
  }

  .check .field-error,
  .shifts .field-error {
    grid-column: 1 / -1;
  }

  input[type='checkbox'] {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0.15rem 0 0;
    accent-color: var(--_accent);
  }

  .field {
    display: grid;
    gap: 0.25rem;
  }

  .field input,
  select {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    border: 1px solid var(--_field-border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }

  /* More specific than .field input: an invalid field's border is red, never the grey one. */
  :is(.field input, .field select, fieldset, input)[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .choices legend {
    font-weight: 400;
  }

  .field-error,
  .status.danger,
  .error {
    color: var(--_danger);
  }

  .field-error {
    font-size: 0.9em;
  }

  .privacy {
    display: grid;
    gap: 0.25rem;
    font-size: 0.9em;
  }

  .privacy a {
    color: var(--_accent);
  }

  .button {
    justify-self: start;
  }

  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }

  .status:empty {
    display: none;
  }

  .status {
    font-weight: 600;
  }

  .status.success {
    color: var(--_success);
  }

  .result {
    display: grid;
    gap: 0.25rem;
    padding: 0;
    list-style: none;
  }

  .result li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
  }

  .badge {
    padding-inline: 0.5rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.85em;
  }

  .confirmed .badge {
    color: var(--_success);
  }

  .skeleton.block {
    block-size: 10rem;
  }

  @media (forced-colors: active) {
    :is(.field input, .field select, fieldset, input)[aria-invalid='true'] {
      border-color: Mark;
    }
  }
`;
