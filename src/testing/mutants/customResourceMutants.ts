import { assign } from 'xstate';
import { customResourceDefinition } from '../../../machines/customResource/index.js';
import type { CustomResourceWorld } from '../customResourceWorld.js';
import { customResourceModel, type CustomResourceSeams } from '../models/customResourceModel.js';
import { defineMutant, type Mutant } from '../mutantRun.js';
import { mutateDefinition, nodeAt, removeAfter, replaceTransition, type MachineMutation } from '../mutation.js';

const onMachine =
  (...mutations: MachineMutation[]) =>
  () =>
    customResourceModel({ definition: mutateDefinition(customResourceDefinition, ...mutations) });
const onSeams = (seams: CustomResourceSeams) => () => customResourceModel({ seams });

/** Rewrite a JSON body's fields (what a broken serialiser or re-send would do). */
const rewrite = (body: string, change: (parsed: Record<string, unknown>) => void) => {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  change(parsed);
  return JSON.stringify(parsed);
};

/** A late Responder answer after the request was answered decides again. */
const redecideWhenAnswered: MachineMutation = {
  description: 'answered: respond decides again',
  config: (root) =>
    void (nodeAt(root, ['answered']).on = {
      ...nodeAt(root, ['answered']).on,
      respond: nodeAt(root, ['open']).on?.['respond'],
    }),
};

/** A Delete with nothing to delete takes the invalid-request branch (FAILED). */
const skippedDeleteFails: MachineMutation = {
  description: 'received: the skipped-Delete branch answers like an invalid request',
  config: (root) => {
    const received = nodeAt(root, ['open', 'received']);
    const always = [...(received['always'] as Record<string, unknown>[])];
    always[1] = { ...always[1], actions: always[0]?.['actions'] };
    received['always'] = always;
  },
};

const lastAnswerData = (world: CustomResourceWorld) => world.handlerAnswers.at(-1)?.data;

/**
 * Broken variants of the custom resource machine and its protocol layer; each names the invariant that must catch it.
 */
export const customResourceMutants: readonly Mutant[] = [
  defineMutant({
    name: 'forget the deadline',
    description: 'the decide-by timer is gone: a hanging handler is never answered',
    expected: '2 decided before deadline',
    model: onMachine(removeAfter(['open'])),
  }),
  defineMutant({
    name: 'answer twice',
    description: 'a Responder answer after the answer decides again',
    expected: '1 one decision',
    model: onMachine(redecideWhenAnswered),
  }),
  defineMutant({
    name: 'handler re-run on duplicate',
    description: 'a duplicate delivery re-enters running and calls the handler again',
    expected: '13 handler runs once',
    model: onMachine(replaceTransition(['open'], 'duplicate', { target: '.running', reenter: true })),
  }),
  defineMutant({
    name: 'deadline moves on duplicate',
    description: 'each duplicate delivery pushes decide-by out a minute',
    expected: '23 deadline fixed',
    model: onMachine(
      replaceTransition(['open'], 'duplicate', {
        actions: assign(({ context }: { context: { decideBy: number } }) => ({ decideBy: context.decideBy + 60_000 })),
      }),
    ),
  }),
  defineMutant({
    name: 'Delete of nothing fails',
    description: 'a Delete of the failed-Create marker is answered FAILED',
    expected: '15 Delete totality',
    model: onMachine(skippedDeleteFails),
  }),
  defineMutant({
    name: 'lose NoEcho',
    description: 'the executor drops NoEcho from the handler answer',
    expected: '22 NoEcho kept',
    model: onSeams({ handlerOutcome: (o) => (o.kind === 'answer' ? { ...o, NoEcho: false } : o) }),
  }),
  defineMutant({
    name: 'NoEcho Data logged into the record',
    description: 'the executor copies the answer Data into a debug field of the outcome event',
    expected: '22 NoEcho never leaked',
    model: onSeams({
      handlerOutcome: (o) =>
        o.kind === 'answer' && o.Data !== undefined ? ({ ...o, debug: JSON.stringify(o.Data) } as typeof o) : o,
    }),
  }),
  defineMutant({
    name: 'change id on Delete',
    description: 'the PUT re-derives the PhysicalResourceId of a Delete',
    expected: '10 Delete keeps its id',
    model: onSeams({
      putBody: (body, context) =>
        context.event['RequestType'] === 'Delete'
          ? rewrite(body, (b) => (b['PhysicalResourceId'] = `${String(b['PhysicalResourceId'])}-v2`))
          : body,
    }),
  }),
  defineMutant({
    name: 'oversize body not capped',
    description: 'when the decision refused oversized Data, the PUT sends the handler answer anyway',
    expected: '7 body at most 4096 bytes',
    model: onSeams({
      putBody: (body, _context, _attempt, world) =>
        rewrite(body, (b) => {
          if (typeof b['Reason'] !== 'string' || !b['Reason'].startsWith('Response object is too long')) return;
          Object.assign(b, { Status: 'SUCCESS', Reason: undefined, Data: lastAnswerData(world) });
        }),
    }),
  }),
  defineMutant({
    name: 'Reason empty on FAILED',
    description: 'the PUT drops the Reason of a FAILED answer',
    expected: '6 FAILED has a reason',
    model: onSeams({ putBody: (body) => rewrite(body, (b) => void (b['Status'] === 'FAILED' && delete b['Reason'])) }),
  }),
  defineMutant({
    name: 'response differs on re-send',
    description: 'a re-send carries its attempt number, so it differs from the decided bytes',
    expected: '8 delivered as decided',
    model: onSeams({
      putBody: (body, _context, attempt) => (attempt > 1 ? rewrite(body, (b) => (b['Attempt'] = attempt)) : body),
    }),
  }),
];
