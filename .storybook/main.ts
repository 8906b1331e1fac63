import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  // Docs pages (attributes, events, parts, CSS properties) come from custom-elements.json.
  addons: ['@storybook/addon-docs'],
  // Serves MSW's mockServiceWorker.js at the root of the preview.
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
};

export default config;
