import { checkLifecycle, LifecycleCheckError, type CheckOptions, type LifecycleModel } from './checkLifecycle.js';

/** A deliberately broken variant of a shipped machine (or of its executors), and the invariant that must catch it. */
export interface Mutant {
  readonly name: string;
  /** What is broken, in one line. */
  readonly description: string;
  /** The invariant whose name must appear among those the counterexample breaks. */
  readonly expected: string;
  /** Builds the model that runs the variant (a fresh one per check). */
  readonly model: () => LifecycleModel<unknown, unknown>;
  /** Check options for this mutant (seed, runs, fault weights). */
  readonly options?: CheckOptions;
}

/**
 * Declare a mutant over a model of any input and world.
 * @example
 * const forgetful = defineMutant({
 *   name: 'forget the deadline',
 *   description: 'no deadline timer',
 *   expected: '2 decided before deadline',
 *   model: () =>
 *     customResourceModel({ definition: mutateDefinition(customResourceDefinition, removeAfter(['open'])) }),
 * });
 */
export function defineMutant<TInput, TWorld>(
  spec: Omit<Mutant, 'model'> & { readonly model: () => LifecycleModel<TInput, TWorld> },
): Mutant {
  return spec as unknown as Mutant;
}

/** How one mutant fared. */
export interface MutantResult {
  readonly name: string;
  readonly expected: string;
  /** True when the check failed and named the expected invariant. */
  readonly caught: boolean;
  /** Every invariant the shrunk counterexample breaks (empty when the mutant survived). */
  readonly invariants: readonly string[];
  /** Runs until the first failure (or all runs, when it survived). */
  readonly runs: number;
  readonly seed: number;
  readonly message: string;
  /** Wall-clock time the check took, for the table (not asserted anywhere). */
  readonly elapsedMs?: number;
}

/**
 * Run the invariant suite against a mutant: it is caught when checkLifecycle fails naming the expected invariant.
 * @example
 * const result = await runMutant(customResourceMutants[0]!);
 * if (!result.caught) throw new Error(`${result.name} survived`);
 */
export async function runMutant(mutant: Mutant, defaults: CheckOptions = {}): Promise<MutantResult> {
  const options = { runs: 300, seed: 1, ...defaults, ...mutant.options };
  const began = Date.now();
  try {
    const passed = await checkLifecycle(mutant.model(), options);
    return {
      name: mutant.name,
      expected: mutant.expected,
      caught: false,
      invariants: [],
      runs: passed.runs,
      seed: passed.seed,
      message: 'survived: every run kept every invariant',
      elapsedMs: Date.now() - began,
    };
  } catch (error) {
    if (!(error instanceof LifecycleCheckError)) throw error;
    return {
      name: mutant.name,
      expected: mutant.expected,
      caught: error.invariants.includes(mutant.expected),
      invariants: error.invariants,
      runs: error.runs,
      seed: error.seed,
      message: error.message,
      elapsedMs: Date.now() - began,
    };
  }
}

/**
 * A plain-text table of results: mutant → invariant that caught it → runs needed (→ milliseconds taken, when measured).
 */
export function mutantTable(results: readonly MutantResult[]): string {
  const timed = results.some((r) => r.elapsedMs !== undefined);
  const rows = results.map((r) => [
    r.name,
    r.caught ? r.expected : `NOT CAUGHT (saw: ${r.invariants.join(', ') || 'nothing'})`,
    String(r.runs),
    ...(timed ? [r.elapsedMs === undefined ? '' : String(r.elapsedMs)] : []),
    r.invariants.filter((n) => n !== r.expected).join(', '),
  ]);
  const header = ['mutant', 'caught by', 'runs', ...(timed ? ['ms'] : []), 'also broken'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
