// A custom resource that answers later: Create and Delete return Defer, and a Responder answers from a
// copy of the event once the (simulated) job is done. Responder.run answers FAILED with the error's
// message if the job throws, and FAILED if it ends without answering.
import { z } from 'zod';
import { BaseHandler, Defer, Responder, type HandlerEvent } from 'statebridge';

const Job = z.object({
  JobName: z.string().min(1),
  DurationMs: z.number().int().min(0).max(60_000).default(1000),
  FailWith: z.string().optional(),
});
type JobProps = z.output<typeof Job>;

function finishLater(event: HandlerEvent<JobProps>, work: (responder: Responder) => Promise<void>): Defer {
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  setTimeout(() => {
    Responder.run(copy, work).catch((error: unknown) => console.error('deferred answer not delivered:', error));
  }, event.ResourceProperties.DurationMs);
  return new Defer();
}

class DeferredJobHandler extends BaseHandler<JobProps> {
  async create(event: HandlerEvent<JobProps>) {
    return finishLater(event, async (r) => {
      if (event.ResourceProperties.FailWith !== undefined) throw new Error(event.ResourceProperties.FailWith);
      await r.success({
        physicalResourceId: `job-${event.ResourceProperties.JobName}`,
        data: { Token: `tok-${event.RequestId.slice(0, 8)}` },
        noEcho: true,
      });
    });
  }

  async update(event: HandlerEvent<JobProps>) {
    return event.PhysicalResourceId;
  }

  async delete(event: HandlerEvent<JobProps>) {
    return finishLater(event, async (r) => r.success({ physicalResourceId: event.PhysicalResourceId ?? '' }));
  }
}

export const handler = new DeferredJobHandler({ properties: Job, provider: 'cloudformation' }).lambdaHandler;
