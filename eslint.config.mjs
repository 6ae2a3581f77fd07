// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Module boundaries (docs/contributing.md): apps wire libs; a lib never imports an app; the context libs (orders,
 * inventory) import no other context lib and no infrastructure (kafkajs, TypeORM, pg, the database, Kafka or
 * projection libs); only libs/kafka touches kafkajs. Everything goes through the @shopstream/<lib> aliases, never
 * ../../ across folders. dependency-cruiser (.dependency-cruiser.cjs) checks the same boundaries on the resolved
 * import graph, with import cycles, in `npm run lint`; these rules say it earlier, in the editor.
 */
const contexts = ['orders', 'inventory'];
const noAppImports = { group: ['**/apps/**', 'apps/**'], message: 'A lib never imports an app.' };
const noDeepRelative = {
  group: ['../../*'],
  message: 'Import other libs through their @shopstream/<lib> alias.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.shopstream/**', 'coverage/**', 'bin/**', 'jest.config.js'] },
  js.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-imports': ['error', { patterns: [noDeepRelative] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/kafka/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kafkajs', message: 'Only libs/kafka talks to kafkajs: use @shopstream/kafka.' }],
          patterns: [noAppImports, noDeepRelative],
        },
      ],
    },
  },
  ...contexts.map((context) => ({
    files: [`libs/${context}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'Context libs are pure: no kafkajs.' },
            { name: 'typeorm', message: 'Context libs are pure: no TypeORM.' },
            { name: 'pg', message: 'Context libs are pure: no database driver.' },
          ],
          patterns: [
            noAppImports,
            noDeepRelative,
            {
              group: contexts.filter((c) => c !== context).map((c) => `@shopstream/${c}`),
              message: 'A context lib never imports another context lib.',
            },
            {
              group: [
                '@shopstream/kafka',
                '@shopstream/database',
                '@shopstream/projections',
                '@shopstream/order-flow',
                '@shopstream/read-models',
                '@shopstream/events/tooling',
                '@nestjs/*',
              ],
              message: 'Context libs hold pure domain logic: they take and return plain typed values.',
            },
          ],
        },
      ],
    },
  })),
  {
    // Type-aware rules for bugs the compiler lets through: a promise nobody awaits (its rejection is lost), a
    // promise where a boolean or a void callback is expected, a switch that misses a case of a union.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // Tests reach their shared helpers in test/support by relative path; module boundaries concern libs and apps.
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-restricted-imports': 'off' },
  },
);
