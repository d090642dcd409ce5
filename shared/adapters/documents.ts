// Documents live in the private bucket. Browsers upload straight to it with a
// presigned POST whose policy fixes the key, the content type and the size
// range; afterwards the server checks each object itself (the local s3rver
// does not enforce policies, and on AWS the check is cheap insurance).
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, NotFound, NoSuchKey } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { envGetter } from '../config.ts';
import { SIGNATURE_LENGTH, matchesContentType } from '../domain/file-types.ts';
import type { DocumentCheck } from '../domain/eligibility.ts';
import { DOCUMENT_CONTENT_TYPES, MAX_DOCUMENT_BYTES, type DocumentContentType, type DocumentKind } from '../domain/vocabulary.ts';
import { noteLocalCall, s3Client } from './aws.ts';

const bucketName = envGetter('BUCKET_NAME');

export const UPLOAD_EXPIRY_SECONDS = 300;
export const DOWNLOAD_EXPIRY_SECONDS = 300;

export async function presignUpload(key: string, contentType: DocumentContentType) {
  // S3 authorizes the upload as a PutObject of the role that signed the POST (the SDK sends nothing now).
  noteLocalCall('S3', 'PutObject', { Bucket: bucketName(), Key: key });
  const { url, fields } = await createPresignedPost(s3Client(), {
    Bucket: bucketName(),
    Key: key,
    Conditions: [
      ['content-length-range', 1, MAX_DOCUMENT_BYTES],
      ['eq', '$Content-Type', contentType],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: UPLOAD_EXPIRY_SECONDS,
  });
  return { url, fields };
}

/**
 * Copies a document to a new key in the same bucket (an organisation's
 * registration certificate reused by its new application): a new object, so
 * each application keeps, and later erases, its own copy.
 */
export async function copyDocument(fromKey: string, toKey: string): Promise<void> {
  await s3Client().send(new CopyObjectCommand({ Bucket: bucketName(), CopySource: `${bucketName()}/${fromKey}`, Key: toKey, MetadataDirective: 'COPY' }));
}

/** A short-lived GET link for someone entitled to read the document. */
export async function presignDownload(key: string, fileName: string): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: bucketName(),
      Key: key,
      ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.\- ]/g, '_')}"`,
    }),
    { expiresIn: DOWNLOAD_EXPIRY_SECONDS },
  );
}

/** The content type an upload was made with (the presigned POST fixes it), if the object is there and it is one we accept. */
export async function uploadedContentType(key: string): Promise<DocumentContentType | undefined> {
  try {
    const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucketName(), Key: key }));
    return DOCUMENT_CONTENT_TYPES.find((t) => t === head.ContentType);
  } catch {
    return undefined;
  }
}

/** Checks that an uploaded object is there, within the size limit, and really of its declared type. */
export async function inspectUpload(
  kind: DocumentKind,
  key: string,
  contentType: DocumentContentType,
): Promise<DocumentCheck & { size?: number }> {
  let size: number;
  try {
    const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucketName(), Key: key }));
    size = head.ContentLength ?? 0;
  } catch (error) {
    // A HEAD answer has no body, so a missing key may surface as a bare 404.
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (error instanceof NotFound || error instanceof NoSuchKey || status === 404) {
      return { kind, status: 'missing' };
    }
    throw error;
  }
  if (size === 0) return { kind, status: 'invalid', problem: 'the file is empty.', size };
  if (size > MAX_DOCUMENT_BYTES) {
    return { kind, status: 'invalid', problem: `the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB.`, size };
  }
  const object = await s3Client().send(
    new GetObjectCommand({ Bucket: bucketName(), Key: key, Range: `bytes=0-${SIGNATURE_LENGTH - 1}` }),
  );
  const head = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
  if (!matchesContentType(head, contentType)) {
    return { kind, status: 'invalid', problem: `the file is not a valid ${describe(contentType)} file.`, size };
  }
  return { kind, status: 'verified', size };
}

const describe = (contentType: DocumentContentType): string =>
  ({
    'application/pdf': 'PDF',
    'image/jpeg': 'JPEG',
    'image/png': 'PNG',
  })[contentType as string] ?? 'office document';
