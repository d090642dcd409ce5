// The secretariat's questions to an applicant, and the applicant's answers.
// One item per question on the application's partition, so the
// application's page reads its questions with the rest of it:
//   pk=APP#<applicationId>  sk=QUESTION#<askedAt>#<questionId>   (oldest first)
// The questions still waiting for an answer, by call, through a sparse
// index: the item carries gsi1pk=CALL#<callId>#QUESTIONS gsi1sk=<askedAt>#<questionId>
// only until it is answered (the answer's write removes them), so the call's
// page reads exactly the waiting ones without filtering every question.
// Answering is one conditional write (no answer yet), so a double submit, or
// two tabs, record one answer.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import type { DocumentContentType } from '../domain/vocabulary.ts';
import { queryAll, tableName, updateIf, withoutKeys } from './table.ts';

export interface QuestionAnswer {
  text: string;
  documentKey?: string;
  fileName?: string;
  contentType?: DocumentContentType;
  answeredAt: string;
}

export interface Question {
  questionId: string;
  applicationId: string;
  callId: string;
  text: string;
  /** The member who asked. */
  askedBy: string;
  askedAt: string;
  expiresAt: string;
  /** SHA-256 of the link's reference (the reference itself is only in the email). */
  linkHash?: string;
  answer?: QuestionAnswer;
}

const key = (applicationId: string, askedAt: string, questionId: string) => ({ pk: `APP#${applicationId}`, sk: `QUESTION#${askedAt}#${questionId}` });
const waitingIndex = (callId: string) => `CALL#${callId}#QUESTIONS`;

export async function putQuestion(question: Question): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key(question.applicationId, question.askedAt, question.questionId),
        gsi1pk: waitingIndex(question.callId),
        gsi1sk: `${question.askedAt}#${question.questionId}`,
        entity: 'question',
        ...question,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getQuestion(applicationId: string, askedAt: string, questionId: string): Promise<Question | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key(applicationId, askedAt, questionId), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as Question) : undefined;
}

/** The questions of an application, oldest first. */
export async function listQuestions(applicationId: string): Promise<Question[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)',
    ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':q': 'QUESTION#' },
    ConsistentRead: true,
  });
  return items as unknown as Question[];
}

/** The questions of a call still waiting for their answer, oldest first (the index is eventually consistent: a dashboard's view). */
export async function listWaitingQuestions(callId: string): Promise<Question[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': waitingIndex(callId) },
  });
  return (items as unknown as Question[]).filter((q) => !q.answer);
}

/** Records the answer once: true when written, false when the question already had one. */
export async function recordAnswer(question: Pick<Question, 'applicationId' | 'askedAt' | 'questionId'>, answer: QuestionAnswer): Promise<boolean> {
  return updateIf({
    Key: key(question.applicationId, question.askedAt, question.questionId),
    UpdateExpression: 'SET answer = :answer REMOVE gsi1pk, gsi1sk',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answer)',
    ExpressionAttributeValues: { ':answer': answer },
  });
}
