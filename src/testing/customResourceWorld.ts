import type { ObservedResponse } from './customResourceLogChecks.js';

/** One PUT as the response endpoint saw it, with when it arrived. 2xx = accepted. */
export interface ReceivedPut extends ObservedResponse {
  readonly at: number;
  readonly status: number;
}

/** What the user's handler itself answered (before the runtime applied any rule), one entry per call. */
export interface HandlerAnswer {
  readonly requestType: string;
  readonly status?: 'SUCCESS' | 'FAILED';
  readonly noEcho: boolean;
  readonly data?: { readonly [key: string]: unknown };
}

/** What the outside world observed of one custom resource request: the PUTs received and the handler's own answers. */
export interface CustomResourceWorld {
  readonly received: ReceivedPut[];
  readonly handlerAnswers: HandlerAnswer[];
}

/** A fresh, empty custom resource world. */
export function customResourceWorld(): CustomResourceWorld {
  return { received: [], handlerAnswers: [] };
}
