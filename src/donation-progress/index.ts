import { defineElement } from '../core/tadamon-element.js';
import { TadamonDonationProgress } from './donation-progress.js';

defineElement('tadamon-donation-progress', TadamonDonationProgress);

export { TadamonDonationProgress };
export * from '../core/events.js';
export * from './events.js';
