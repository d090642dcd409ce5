// One Powertools logger per process. Log ids and outcomes only: never a name,
// an email address, a free-text field, a token or a document.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'grants' });
