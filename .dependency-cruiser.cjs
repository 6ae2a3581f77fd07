/**
 * The module boundaries the build enforces (`npm run lint` runs this, `npm test` runs lint). docs/contributing.md
 * says why each one holds.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const CONTEXTS = 'orders|inventory';
const INFRASTRUCTURE =
  'kafkajs|@kafkajs|typeorm|pg|pg-[^/]+|@nestjs|redis|avsc|pino[^/]*|nestjs-pino|prom-client';

module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      comment: 'An import cycle between files: move what both need into a third file.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment:
        'Two folders import each other: one of them holds what the other needs, or both need a third folder.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
    {
      name: 'lib-imports-no-app',
      comment: 'Apps wire libs together; a lib never imports an app.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-imports-no-other-app',
      comment: 'An app never imports another app: what two apps share belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-through-its-entry',
      comment:
        'Import another lib through its @shopstream/<lib> alias (its index.ts), never a file inside it.',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: {
        path: '^libs/',
        pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/events/src/tooling\\.ts$'],
      },
    },
    {
      name: 'context-is-pure',
      comment:
        'orders and inventory hold pure decisions: they take and return plain typed values and import only the ' +
        'event types, never infrastructure or another lib.',
      severity: 'error',
      from: { path: `^libs/(${CONTEXTS})/` },
      to: {
        pathNot: [`^libs/$1/`, '^libs/events/src/index\\.ts$'],
        path: [`^libs/`, `(^|/)node_modules/(${INFRASTRUCTURE})/`],
      },
    },
    {
      name: 'only-kafka-lib-imports-kafkajs',
      comment: 'libs/kafka is the one door to kafkajs: use @shopstream/kafka.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/kafka/' },
      to: { path: '(^|/)node_modules/kafkajs/' },
    },
    {
      name: 'runtime-events-load-no-tooling',
      comment:
        "@shopstream/events' runtime (codec, types, catalog) never loads the schema tooling (governance runs git).",
      severity: 'error',
      from: { path: '^libs/events/src/(index\\.ts|codec/|generated/|metadata/)' },
      to: { path: '^libs/events/src/(tooling\\.ts|governance/|codegen/|schemas/read-schema-files)' },
    },
    {
      name: 'schema-tooling-only-in-tools',
      comment:
        '@shopstream/events/tooling is for the CLI and platform start-up; a service imports @shopstream/events.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^(apps/cli|libs/platform|libs/events)/' },
      to: { path: '^libs/events/src/tooling\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // A spec is imported by nothing, so it closes no cycle; a spec may drive several use cases of its lib.
    exclude: { path: ['^(dist|node_modules)/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
