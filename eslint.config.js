import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'storybook-static/',
      'data/',
      'coverage/',
      '.test-results/',
      'custom-elements.json',
      'public/mockServiceWorker.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'before', 'after', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'test/widgets/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  { files: ['src/**/*.ts', 'stories/**/*.ts'], ...litA11y.configs.recommended },
  { files: ['src/**/*.ts'], ...wc.configs['flat/recommended'] },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^lit/directives/unsafe-', message: 'Backend text is data: render it with bindings.' }] },
      ],
    },
  },
);
