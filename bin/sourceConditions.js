// Module resolution hook for a source checkout: `import 'statebridge'` (and its subpaths) in the user's
// modules resolves to the same TypeScript sources the command runs, so there is one copy of every class.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('statebridge-source')
    ? context.conditions
    : [...context.conditions, 'statebridge-source'];
  return nextResolve(specifier, { ...context, conditions });
}
