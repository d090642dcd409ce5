// What the Lambda bundles use in place of @aws-sdk/credential-provider-node
// (infra/bundling.ts aliases it here). On Lambda the function's role
// credentials are always in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is the first step of the
// SDK's default chain; the other steps (SSO, ini files, credential_process,
// web identity, container and instance metadata) bring the STS, SSO and
// sign-in clients into every bundle: ~130 KiB parsed and ~15 ms of each cold
// start (bench/cold.ts), for steps Lambda never reaches. Unbundled code (the
// local runtime, the tests) keeps the SDK's whole chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** The SDK clients call it with their configuration (only `logger` is read). */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider => fromEnv(init);
