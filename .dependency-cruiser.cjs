// The folder dependency rules of DESIGN.md: data flows one way, from Kafka to the web page, and
// no folder imports a folder above it. `npm test` runs this check (`npm run deps`); a new import
// that points upstream, a cycle, or production code that imports tests fails it.
//
// Layers, lowest first. A folder may import its own layer's neighbours only where listed, and
// any layer below it.
const layers = [
  ['server/shared', 'server/model'], // neutral: helpers and the Kafka vocabulary, import nothing of ours
  ['server/config'], // the config schema, every section of it
  ['server/kafka'], // the only code that talks to Kafka
  ['server/collector'], // poll loop → snapshot
  ['server/store', 'server/metrics'], // what the snapshot feeds
  ['alerts'],
  ['server/auth'],
  ['server/api'],
  ['server/http'],
  ['server/(service|main)\\.ts'], // the composition root wires everything together
];
const folder = (path) => `^${path}(/|$)`;

const upstream = layers.flatMap((layer, index) => {
  const above = layers.slice(index + 1).flat();
  const sameLayer = layer.length > 1 ? layer : [];
  return layer.flatMap((path) => {
    const forbidden = [...above, ...sameLayer.filter((p) => p !== path)];
    if (forbidden.length === 0) return [];
    return [
      {
        name: `no-upstream:${path.replace(/\\/g, '')}`,
        comment: `${path} may import only the layers below it`,
        severity: 'error',
        // Tests beside the code may compose it with what sits above (an app around the routes).
        from: { path: folder(path), pathNot: '\\.test\\.ts$' },
        to: { path: forbidden.map(folder) },
      },
    ];
  });
});

module.exports = {
  forbidden: [
    ...upstream,
    {
      name: 'no-circular',
      comment: 'a cycle between files makes the flow two-way',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-code-in-production',
      comment:
        'the product (server, alerts, web) never imports tests, test helpers, benchmarks, the demo or the local Kafka launcher',
      severity: 'error',
      from: { path: '^(server|alerts|web/src)/', pathNot: '\\.test\\.ts$|/testing/' },
      to: {
        path: [
          '^test/',
          '^bench/',
          '\\.test\\.ts$',
          '/testing/',
          '^node_modules/(vitest|@testing-library|playwright-core|smtp-server)/',
        ],
      },
    },
    {
      name: 'web-imports-server-types-only',
      comment: "the browser bundle takes the server's shapes as types; values would pull server code in",
      severity: 'error',
      from: { path: '^web/src/', pathNot: '\\.test\\.ts$|/testing/' },
      // Except the value lists, in modules that import nothing (the model, the sort columns).
      to: {
        path: '^(server|alerts)/',
        pathNot: '^server/model/|^server/api/columns\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'collector-derivations-are-internal',
      comment: 'outside the collector, its derivations are reached through server/collector/index.ts',
      severity: 'error',
      from: { path: '^(?!server/collector/)', pathNot: '\\.test\\.ts$|^test/|^bench/' },
      to: { path: '^server/collector/derive/' },
    },
    {
      name: 'model-and-shared-import-nothing-of-ours',
      comment: 'the neutral folders stay neutral: any folder may import them, so they import none',
      severity: 'error',
      from: { path: '^server/(model|shared)/' },
      to: { path: '^(server|alerts|web)/', pathNot: '^server/(model|shared)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte'] },
  },
};
