import { ExecutionAlreadyExists, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { envGetter } from '../config.ts';
import { sfnClient } from './aws.ts';

const intakeStateMachineArn = envGetter('INTAKE_STATE_MACHINE_ARN');

/**
 * Starts the intake of one submission of an application. The execution is
 * named after the application and the submission (a reopened application is
 * submitted again: its second intake is `intake-<id>-2`), so starting it twice
 * is harmless: Step Functions refuses a second execution of the same name,
 * which we take as "already started".
 */
export async function startIntake(applicationId: string, submission = 1): Promise<void> {
  try {
    await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn: intakeStateMachineArn(),
        name: submission > 1 ? `intake-${applicationId}-${submission}` : `intake-${applicationId}`,
        input: JSON.stringify({ applicationId }),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return;
    throw error;
  }
}

/** Resumes a waiting task with its output: only the callback handler does this. */
export async function completeTask(taskToken: string, output: unknown): Promise<void> {
  await sfnClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
}

/** Fails a waiting task with an error name the workflow's Catch can match. */
export async function failTask(taskToken: string, error: string, cause: string): Promise<void> {
  await sfnClient().send(new SendTaskFailureCommand({ taskToken, error, cause }));
}

/** The task ended meanwhile (its deadline passed): the answer came too late. */
export const isTaskGone = (error: unknown) => ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes((error as Error).name);

const callStateMachineArn = envGetter('CALL_STATE_MACHINE_ARN');

/** Starts the review part of a call (attempt numbers keep a resumed call's execution name new). */
export async function startCallReview(callId: string, attempt: number): Promise<void> {
  await sfnClient().send(
    new StartExecutionCommand({
      stateMachineArn: callStateMachineArn(),
      name: `call-${callId}-${attempt}`,
      input: JSON.stringify({ callId }),
    }),
  );
}

/** Starts the Board's vote on a reserve offer: the `call` workflow from its vote part (named after the round: started once). */
export async function startReserveVote(callId: string, round: number): Promise<void> {
  try {
    await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn: callStateMachineArn(),
        name: `call-${callId}-round-${round}`,
        input: JSON.stringify({ callId, round }),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return;
    throw error;
  }
}
