import { jsonReply, startProtocolServer, type ProtocolReply, type ProtocolServer } from './protocolServer.js';

/** An execution of the local Step Functions. */
export interface LocalExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  readonly startDate: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'ABORTED';
}

/** A local Step Functions speaking AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.StartExecution`). */
export interface SfnServer extends ProtocolServer {
  readonly executions: LocalExecution[];
  /** Make a state machine known; returns its ARN. */
  createStateMachine(name: string): string;
  /**
   * Play the timer state machine for every running execution whose `$.dueAt` is at or before `now`: the
   * `Wait` ends, the input is handed to `deliver` (the ingress), and the execution succeeds if it did.
   */
  completeWaits(now: number, deliver: (input: unknown) => Promise<void>): Promise<number>;
}

const NAME = /^[0-9A-Za-z_-]{1,80}$/;

/**
 * Start a local Step Functions on 127.0.0.1. StartExecution with a name already used is idempotent only
 * while that execution runs with the same input; otherwise `ExecutionAlreadyExists`, as documented.
 * Errors carry no `Exception` suffix (`ExecutionAlreadyExists`, `ExecutionDoesNotExist`, `InvalidName`).
 */
export async function startSfnServer(): Promise<SfnServer> {
  const machines = new Set<string>();
  const executions: LocalExecution[] = [];
  const server = await startProtocolServer(() => ({
    operationOf: (request) => String(request.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, ''),
    error: sfnError,
    handle(operation, body) {
      const input = JSON.parse(body) as Record<string, unknown>;
      switch (operation) {
        case 'StartExecution':
          return start(
            String(input['stateMachineArn']),
            String(input['name']),
            typeof input['input'] === 'string' ? input['input'] : '{}',
          );
        case 'StopExecution': {
          const execution = executions.find((e) => e.executionArn === input['executionArn']);
          if (execution === undefined)
            return sfnError(
              400,
              'ExecutionDoesNotExist',
              `Execution Does Not Exist: '${String(input['executionArn'])}'`,
            );
          if (execution.status === 'RUNNING') execution.status = 'ABORTED';
          return reply({ stopDate: Date.now() / 1000 });
        }
        default:
          return sfnError(400, 'UnknownOperationException', operation);
      }
    },
  }));

  function start(stateMachineArn: string, name: string, input: string): ProtocolReply {
    if (!machines.has(stateMachineArn))
      return sfnError(400, 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    if (!NAME.test(name)) return sfnError(400, 'InvalidName', `Invalid Name: '${name}'`);
    const earlier = executions.find((e) => e.stateMachineArn === stateMachineArn && e.name === name);
    if (earlier !== undefined) {
      if (earlier.status === 'RUNNING' && earlier.input === input)
        return reply({ executionArn: earlier.executionArn, startDate: earlier.startDate });
      return sfnError(400, 'ExecutionAlreadyExists', `Execution Already Exists: '${earlier.executionArn}'`);
    }
    const execution: LocalExecution = {
      executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      stateMachineArn,
      name,
      input,
      startDate: Date.now() / 1000,
      status: 'RUNNING',
    };
    executions.push(execution);
    return reply({ executionArn: execution.executionArn, startDate: execution.startDate });
  }

  return Object.assign(server, {
    executions,
    createStateMachine(name: string) {
      const arn = `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;
      machines.add(arn);
      return arn;
    },
    async completeWaits(now: number, deliver: (input: unknown) => Promise<void>) {
      let completed = 0;
      for (const execution of executions) {
        if (execution.status !== 'RUNNING') continue;
        const input = JSON.parse(execution.input) as { dueAt?: string };
        if (input.dueAt === undefined || Date.parse(input.dueAt) > now) continue;
        await deliver(input);
        execution.status = 'SUCCEEDED';
        completed += 1;
      }
      return completed;
    },
  });
}

const AWS_JSON_1_0 = { 'content-type': 'application/x-amz-json-1.0' };

function reply(value: unknown): ProtocolReply {
  return jsonReply(200, value, AWS_JSON_1_0);
}

function sfnError(status: number, type: string, message: string): ProtocolReply {
  return jsonReply(status, { __type: type, message }, AWS_JSON_1_0);
}
