// A loopback endpoint that speaks the Step Functions API (AWS JSON 1.0) for
// the calls the handlers make, so they use the real @aws-sdk/client-sfn with
// AWS_ENDPOINT_URL_SFN pointing here, exactly as on AWS.
import { createServer, type Server } from 'node:http';
import type { LocalScheduler } from './scheduler.ts';
import type { LocalWorkflows } from './workflows.ts';

type Operation = (body: Record<string, string>) => unknown;

/** Also answers the EventBridge Scheduler API (`/schedules/...`), which the handlers reach through AWS_ENDPOINT_URL_SCHEDULER. */
export function startSfnEndpoint(engine: LocalWorkflows, port: number, scheduler?: LocalScheduler): Promise<Server> {
  const operations: Record<string, Operation> = {
    StartExecution: ({ stateMachineArn, name, input }) => {
      const record = engine.startExecution(stateMachineArn!, name ?? crypto.randomUUID(), input ?? '{}');
      return { executionArn: record.executionArn, startDate: Date.parse(record.startDate) / 1000 };
    },
    SendTaskSuccess: ({ taskToken, output }) => {
      engine.callbacks.succeed(taskToken!, output ?? '{}');
      return {};
    },
    SendTaskFailure: ({ taskToken, error, cause }) => {
      engine.callbacks.fail(taskToken!, error, cause);
      return {};
    },
    DescribeExecution: ({ executionArn }) => {
      const record = engine.describeExecution(executionArn!);
      return {
        executionArn: record.executionArn,
        stateMachineArn: record.executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''),
        name: record.name,
        status: record.status,
        startDate: Date.parse(record.startDate) / 1000,
        ...(record.stopDate ? { stopDate: Date.parse(record.stopDate) / 1000 } : {}),
        input: record.input,
        ...(record.output ? { output: record.output } : {}),
        ...(record.error ? { error: record.error } : {}),
      };
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (scheduler && (req.url ?? '').startsWith('/schedules/')) return scheduler.handle(req, res, Buffer.concat(chunks).toString('utf8'));
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
      const reply = (status: number, body: unknown, errorType?: string) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        res.end(JSON.stringify(body));
      };
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: target }, 'UnknownOperationException');
      try {
        reply(200, operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
      } catch (error) {
        const { name, message } = error as Error;
        reply(400, { __type: name, message }, name);
      }
    });
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveServer(server));
  });
}
