// s3rver plays S3 on loopback, with the documents under the runtime's data
// folder. It accepts browser uploads by presigned POST but enforces neither
// signatures nor policy conditions: the server checks each upload itself
// before an application can be submitted (see shared/adapters/documents.ts).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assertPortFree } from './ports.ts';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

/** s3rver knows one key pair; DynamoDB Local takes any, so the whole local runtime uses this one. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function corsXml(origins: string[]): string {
  const rules = origins
    .map(
      (origin) => `<CORSRule>
    <AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>`,
    )
    .join('\n  ');
  return `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  ${rules}\n</CORSConfiguration>`;
}

export async function startS3Local(opts: {
  port: number;
  dataDir: string;
  buckets: string[];
  corsAllowedOrigins: string[];
  envVar?: string;
}): Promise<S3Local> {
  await assertPortFree(opts.port, 'the S3 emulator', opts.envVar ?? 'S3_PORT');
  mkdirSync(opts.dataDir, { recursive: true });
  const S3rver = require('s3rver') as S3rverClass;
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    silent: true,
    directory: opts.dataDir,
    vhostBuckets: false,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [corsXml(opts.corsAllowedOrigins)] })),
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${opts.port}`, stop: () => server.close() };
}
