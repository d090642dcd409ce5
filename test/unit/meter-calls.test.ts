// The meter's view of the handlers' SDK calls (infra/local/aws-calls.ts):
// DynamoDB requests go out asking for their consumed capacity, which is
// counted and taken out of the answer again, the handler's own input is left
// as it was, and the IAM record gains nothing. A middleware in place of the
// network answers as DynamoDB Local does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { instrument } from '../../shared/adapters/aws.ts';
import { recordAwsCalls } from '../../infra/local/aws-calls.ts';
import { tokenIssuer } from '../../infra/local/callbacks.ts';
import { meter } from '../../infra/local/meter.ts';

const dir = mkdtempSync(join(tmpdir(), 'grants-meter-calls-'));
const file = join(dir, 'aws-calls.jsonl');
Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
recordAwsCalls(file, tokenIssuer);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A document client whose requests DynamoDB Local's answer ends: what was sent is kept in `sent`. */
function client(answer: (operation: string) => { status: number; body: unknown }) {
  const sent: Record<string, unknown>[] = [];
  const base = instrument(new DynamoDBClient({ endpoint: 'http://127.0.0.1:9' }));
  base.middlewareStack.add(
    (_next, context) => async (args) => {
      const request = (args as { request: { body: string } }).request;
      sent.push(JSON.parse(request.body) as Record<string, unknown>);
      const { status, body } = answer(String(context.commandName));
      return { response: { statusCode: status, headers: status === 200 ? {} : { 'x-amzn-errortype': 'ConditionalCheckFailedException' }, body: Readable.from([Buffer.from(JSON.stringify(body))]) } } as never;
    },
    { step: 'deserialize', name: 'answerAsDynamoDbLocal', priority: 'low' },
  );
  return { doc: DynamoDBDocumentClient.from(base), sent };
}

describe("the meter's middleware", () => {
  it('asks for the consumed capacity, counts it, and hands the handler what it would have had', async () => {
    // Prepare
    meter.reset();
    const { doc, sent } = client(() => ({ status: 200, body: { ConsumedCapacity: { TableName: 'grants', CapacityUnits: 3 } } }));
    const params = { TableName: 'grants', Item: { pk: 'a', sk: 'b' } };

    // Act
    const output = await doc.send(new PutCommand(params));

    // Assess
    expect(sent[0]).toMatchObject({ TableName: 'grants', ReturnConsumedCapacity: 'TOTAL' });
    expect(params).toEqual({ TableName: 'grants', Item: { pk: 'a', sk: 'b' } });
    expect(output.ConsumedCapacity).toBeUndefined();
    expect(meter.read().dynamodb['(outside any handler)']).toMatchObject({ requests: 1, writeUnits: 3, itemWrites: 1 });
    const record = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as { action: string });
    expect(record.map((c) => c.action)).toEqual(['dynamodb:PutItem']);
  });

  it("keeps a handler's own ReturnConsumedCapacity and its answer", async () => {
    meter.reset();
    const { doc, sent } = client(() => ({ status: 200, body: { ConsumedCapacity: { TableName: 'grants', CapacityUnits: 1, Table: { CapacityUnits: 1 } } } }));
    const output = await doc.send(new UpdateCommand({ TableName: 'grants', Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 }, ReturnConsumedCapacity: 'INDEXES' }));
    expect(sent[0]!.ReturnConsumedCapacity).toBe('INDEXES');
    expect(output.ConsumedCapacity).toMatchObject({ CapacityUnits: 1 });
    expect(meter.read().dynamodb['(outside any handler)']!.writeUnits).toBe(1);
  });

  it('estimates a write its condition refused at 1 WRU', async () => {
    meter.reset();
    const { doc } = client(() => ({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' } }));
    const params = { TableName: 'grants', Item: { pk: 'a', sk: 'b' }, ConditionExpression: 'attribute_not_exists(pk)' };
    await expect(doc.send(new PutCommand(params))).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect('ReturnConsumedCapacity' in params).toBe(false);
    expect(meter.read().dynamodb['(outside any handler)']).toMatchObject({ requests: 1, writeUnits: 0, itemWrites: 0, estimatedWriteUnits: 1 });
  });
});
