import type { ResponseBody } from '../../protocol/customResource/responseBody.js';
import type { AppEnvironment } from '../environment.js';

/** Prints stack events as a provider's console shows them: time, status, logical id, type, detail. */
export class StackEventLog {
  constructor(
    private readonly env: Pick<AppEnvironment, 'clock' | 'log'>,
    private readonly stackName: string,
  ) {}

  /** An event of one resource. */
  resource(logicalId: string, type: string, status: string, detail = ''): void {
    const time = new Date(this.env.clock.now()).toISOString().slice(11, 23);
    this.env.log(`${time}  ${status.padEnd(44)} ${logicalId.padEnd(18)} ${type}${detail === '' ? '' : `  ${detail}`}`);
  }

  /** An event of the stack itself. */
  stack(status: string): void {
    this.resource(this.stackName, 'Stack', status);
  }

  /** A line that is not a stack event (the header). */
  note(text: string): void {
    this.env.log(text);
  }
}

/** What an answer returned, without printing NoEcho values. */
export function dataNote(answer: ResponseBody): string {
  if (answer.Data === undefined) return '';
  return answer.NoEcho === true ? '  Data: (NoEcho)' : `  Data keys: ${Object.keys(answer.Data).join(', ')}`;
}
