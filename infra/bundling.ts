// How every Lambda is bundled, shared by the CDK construct and the benchmark
// so that the bench measures what is deployed: one minified ESM file, the AWS
// SDK included (pinned versions, no dependence on the runtime's copy), and
// nodemailer left out (only the local SMTP adapter loads it, dynamically).
export const BUNDLING = {
  target: 'node24',
  format: 'esm' as const,
  minify: true,
  sourcemap: true,
  external: ['nodemailer'],
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call require().
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};
