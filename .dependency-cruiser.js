// Import rules checked by `npm run lint` (scripts/checkImports.mjs): no cycles, and the layers of the design.
// machines, core and protocol are pure; ports are interfaces; the runtime knows ports, not adapters; the app
// knows ports, not adapters; only the composition roots (cli, web, aws, cdk, infra) wire concrete adapters.
const pure = '^(machines|src/core|src/protocol)/';
const notPure = '^src/(adapters|runtime|cli|web|app|aws|cdk|testing|timeline)/';

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
    {
      name: 'pure-layers-stay-pure',
      severity: 'error',
      comment: 'machines, core and protocol do no I/O and know nothing above them',
      from: { path: pure },
      to: { path: notPure },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      comment: 'ports depend only on core and protocol types',
      from: { path: '^src/ports/' },
      to: { path: notPure },
    },
    {
      name: 'runtime-knows-ports-not-adapters',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(adapters|cli|web|app|aws|cdk|testing|timeline)/' },
    },
    {
      name: 'app-knows-ports-not-adapters',
      severity: 'error',
      comment: 'the composition root builds the concrete bus, server, queue and topic',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapters|cli|web|aws|cdk|testing|timeline)/' },
    },
    {
      name: 'adapters-below-the-roots',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(runtime|cli|web|app|aws|cdk|testing|timeline)/' },
    },
    {
      name: 'timeline-below-the-roots',
      severity: 'error',
      comment: 'the timeline library is read by the page, the API and the CLI, so it imports none of them',
      from: { path: '^src/timeline/' },
      to: { path: '^src/(cli|web|app|aws|cdk|testing)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['statebridge-source', 'import', 'node', 'default'] },
  },
};
