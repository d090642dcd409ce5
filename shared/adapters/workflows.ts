import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { envGetter } from '../config.ts';
import { sfnClient } from './aws.ts';

const intakeStateMachineArn = envGetter('INTAKE_STATE_MACHINE_ARN');

/**
 * Starts the intake of an application. The execution is named after the
 * application, so starting it twice is harmless: Step Functions refuses a
 * second execution of the same name, which we take as "already started".
 */
export async function startIntake(applicationId: string): Promise<void> {
  try {
    await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn: intakeStateMachineArn(),
        name: `intake-${applicationId}`,
        input: JSON.stringify({ applicationId }),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return;
    throw error;
  }
}
