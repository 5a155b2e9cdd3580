// Import rules checked by `npm run lint` (scripts/checkImports.mjs): no cycles, and the layers of the design.
// machines, core and protocol are pure; ports are interfaces; the runtime knows ports, not adapters; the app
// knows ports, not adapters; only the composition roots (cli, web, aws, cdk, infra) wire concrete adapters.

/** The folders of src above the pure layers, each a layer a rule below may or may not import. */
const UPPER_LAYERS = ['adapters', 'runtime', 'cli', 'web', 'app', 'aws', 'cdk', 'testing', 'timeline'];

/** One rule per layer: the files it covers and which upper layers they may import (all others are refused). */
const LAYER_RULES = [
  {
    name: 'pure-layers-stay-pure',
    comment: 'machines, core and protocol do no I/O and know nothing above them',
    from: '^(machines|src/core|src/protocol)/',
    mayImport: [],
  },
  {
    name: 'ports-are-interfaces',
    comment: 'ports depend only on core and protocol types',
    from: '^src/ports/',
    mayImport: [],
  },
  { name: 'runtime-knows-ports-not-adapters', from: '^src/runtime/', mayImport: ['runtime'] },
  {
    name: 'app-knows-ports-not-adapters',
    comment: 'the composition root builds the concrete bus, server, queue and topic',
    from: '^src/app/',
    mayImport: ['runtime', 'app'],
  },
  { name: 'adapters-below-the-roots', from: '^src/adapters/', mayImport: ['adapters'] },
  {
    name: 'timeline-below-the-roots',
    comment: 'the timeline library is read by the page, the API and the CLI, so it imports none of them',
    from: '^src/timeline/',
    mayImport: ['adapters', 'runtime', 'timeline'],
  },
];

/** @param {(typeof LAYER_RULES)[number]} layer */
const layerRule = ({ name, comment, from, mayImport }) => ({
  name,
  severity: 'error',
  ...(comment === undefined ? {} : { comment }),
  from: { path: from },
  to: { path: `^src/(${UPPER_LAYERS.filter((layer) => !mayImport.includes(layer)).join('|')})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'a cycle makes modules impossible to read, test or load alone',
      from: {},
      to: { circular: true },
    },
    ...LAYER_RULES.map(layerRule),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['statebridge-source', 'import', 'node', 'default'] },
  },
};
