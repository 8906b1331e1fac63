import { noChange } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

/**
 * Sets inline style properties (CSS names: `inline-size`) through the CSSOM on every render, the first included:
 * `<div ${styleProperties({ 'inline-size': '40%' })}>`. Lit's `styleMap` writes a `style` attribute on first render,
 * which a strict Content-Security-Policy (`style-src 'self'`) blocks — and the bar would show the wrong width.
 */
class StyleProperties extends Directive {
  render(_properties: Record<string, string>) {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [Record<string, string>]) {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    return noChange;
  }
}

export const styleProperties = directive(StyleProperties);
