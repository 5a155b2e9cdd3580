import type { AppModule, Demo } from '../../app/environment.js';
import {
  approvalRequestDefinition,
  type approvalRequestMachine,
  type ApprovalRequestInput,
} from '../../../machines/approvalRequest/index.js';
import { contextOf, defineExecutors } from '../../runtime/typedExecutors.js';

/** Registers the tour's machine; its backend fails the first `failTimes` attempts, then answers. */
export const timelineTourModule: AppModule = {
  name: 'timeline-tour',
  install(env) {
    env.runtime.register(
      approvalRequestDefinition,
      defineExecutors<typeof approvalRequestMachine>({
        callBackend: async (command, ctx) => {
          const { failTimes } = contextOf(approvalRequestDefinition, ctx.record);
          return command.params.attempt <= failTimes ? { type: 'backend.failed', status: 503 } : { type: 'backend.ok' };
        },
      }),
    );
  },
};

const REQUESTS: readonly (ApprovalRequestInput & { id: string })[] = [
  { id: 'tour-request-1', title: 'raise quota for team A', failTimes: 2, autoApprove: false },
  { id: 'tour-request-2', title: 'rotate a key', failTimes: 0, autoApprove: true },
  { id: 'tour-request-3', title: 'call a backend that is down', failTimes: 9, autoApprove: false },
];

/** `npm start` tour: three requests — one retried then stuck on approval, one done, one failing after retries. */
export const timelineTourDemo: Demo = {
  name: 'timeline tour',
  description:
    'three requests: one retried twice and now waiting for approval, one approved at ' +
    'once, one failing after four attempts — open the timeline page to see them move',
  async run(env) {
    const suffix = new Date(env.clock.now())
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 14);
    for (const { id, ...input } of REQUESTS) {
      const instanceId = `${id}-${suffix}`;
      await env.runtime.start('approvalRequest', instanceId, input);
      env.log(`  started ${instanceId}: ${input.title}`);
    }
    env.log('  follow one with: statebridge timeline <id> --follow');
  },
};
