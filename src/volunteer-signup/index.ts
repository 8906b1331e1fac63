import { defineElement } from '../core/tadamon-element.js';
import { TadamonVolunteerSignup } from './volunteer-signup.js';

defineElement('tadamon-volunteer-signup', TadamonVolunteerSignup);

export { TadamonVolunteerSignup };
export * from '../core/events.js';
export * from './events.js';
