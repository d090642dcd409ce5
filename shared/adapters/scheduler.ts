// One-time schedules for a grant's milestones. On AWS each is an EventBridge
// Scheduler schedule (`at(...)`, deleted after it runs) whose target starts a
// `milestone` execution; locally the runtime answers the same Scheduler API
// on loopback and fires the schedules on the virtual clock. Either way a
// schedule is a record, not a timer: a three-year grant needs no three-year
// execution, and a restart loses nothing.
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { envGetter } from '../config.ts';
import { instrument } from './aws.ts';

const milestoneStateMachineArn = envGetter('MILESTONE_STATE_MACHINE_ARN');
const schedulerRoleArn = envGetter('SCHEDULER_ROLE_ARN');
const scheduleGroup = envGetter('SCHEDULE_GROUP');

let client: SchedulerClient | undefined;
const scheduler = () => (client ??= instrument(new SchedulerClient({})));

/** `at(...)` takes a local date-time without zone; we give UTC and say so. */
export const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

/** Creates the schedule unless it exists (a re-run creates nothing twice). */
export async function scheduleMilestone(name: string, at: Date, input: { grantId: string; milestone: string }): Promise<void> {
  try {
    await scheduler().send(
      new CreateScheduleCommand({
        Name: name,
        GroupName: scheduleGroup(),
        ScheduleExpression: atExpression(at),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: milestoneStateMachineArn(), RoleArn: schedulerRoleArn(), Input: JSON.stringify(input) },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConflictException') return;
    throw error;
  }
}
