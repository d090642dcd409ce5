// SDK clients, one per process, created on first use. Endpoints come from the
// standard AWS_ENDPOINT_URL_<SERVICE> variables, which the local runtime sets
// to its emulators; on AWS they are unset and the SDK uses the real services.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';

let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  return (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }));
}

export function s3Client(): S3Client {
  return (s3 ??= new S3Client({
    // Path-style URLs work with both S3 and the local s3rver; the checksum
    // settings keep objects and presigned uploads free of chunk framing.
    forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }));
}

export function sfnClient(): SFNClient {
  return (sfn ??= new SFNClient({}));
}
