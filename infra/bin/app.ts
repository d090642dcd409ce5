// The CDK app of `cdk synth` / `cdk deploy` (cdk.json: `tsx infra/bin/app.ts`).
import { buildApp } from '../app.ts';

const { app } = buildApp({
  mailFrom: process.env.MAIL_FROM || undefined,
  mailDomain: process.env.MAIL_DOMAIN || undefined,
  secretariatEmail: process.env.SECRETARIAT_EMAIL || undefined,
  alarmEmail: process.env.ALARM_EMAIL || undefined,
  fourEyesReleases: process.env.FOUR_EYES_RELEASES !== 'false',
  malwareProtection: process.env.MALWARE_PROTECTION !== 'false',
  allowedOrigins: process.env.ALLOWED_ORIGINS ? process.env.ALLOWED_ORIGINS.split(',').map((o) => o.trim()) : undefined,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
