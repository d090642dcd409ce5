import { buildApp } from '../app.ts';

const { app } = buildApp({
  mailFrom: process.env.MAIL_FROM || undefined,
  malwareProtection: process.env.MALWARE_PROTECTION !== 'false',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
