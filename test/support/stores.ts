// Reading the local system's table and bucket directly, as the tests that
// check what is (not) stored do: through the emulators' own endpoints, with
// the one key pair the local runtime uses.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { BUCKET_NAME, TABLE_NAME } from '../../infra/local/runtime.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A document client on the test run's DynamoDB Local. */
export const tableClient = () => DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamodbUrl'), region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));

/** Every item of the table (a consistent scan). */
export async function everyItem(): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for await (const page of paginateScan({ client: tableClient() }, { TableName: TABLE_NAME, ConsistentRead: true })) items.push(...(page.Items ?? []));
  return items;
}

/** Every item under one partition key. */
export async function partitionOf(pk: string): Promise<Record<string, any>[]> {
  return (await tableClient().send(new QueryCommand({ TableName: TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }))).Items ?? [];
}

/** The objects of the documents bucket under a prefix. */
export async function objectsUnder(prefix: string) {
  const s3 = new S3Client({ endpoint: inject('s3Url'), region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  return (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET_NAME, Prefix: prefix }))).Contents ?? [];
}
