// The export of everything held about one organisation (issue 13), for a
// request of access: every item of the table reached from the organisation's
// index (its applications and grants) with every record on their partitions,
// and its documents as signed links (each recorded as handed out first,
// shared/repository/document-access.ts). Secrets stay out: token hashes,
// task tokens, link hashes (they open nothing about the organisation, and
// whoever held them could act).
import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './adapters/aws.ts';
import { DOWNLOAD_EXPIRY_SECONDS } from './adapters/documents.ts';
import { recordedLinks } from './repository/document-access.ts';
import { keys, organisationKey, tableName } from './repository/table.ts';

type Item = Record<string, any>;

const SECRETS = new Set(['accessTokenHash', 'tokenHash', 'taskToken', 'reviewTaskToken', 'linkHash', 'pageLinks', 'pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

/** The item as the organisation may read it: its record kind, and no key or secret. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRETS.has(k)).map(([k, v]) => [k, withoutSecrets(v)]));
  return value;
}

async function query(input: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: documentClient() }, { TableName: tableName(), ...input })) items.push(...(page.Items ?? []));
  return items;
}

const partition = (pk: string) => query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });

export interface OrganisationExport {
  organisation: { registrationCountry: string; registrationNumber: string };
  exportedAt: string;
  applications: { applicationId: string; records: Item[] }[];
  grants: { grantId: string; records: Item[] }[];
  documents: { applicationId: string; document: string; fileName: string; url: string }[];
  linksExpireInSeconds: number;
}

/** Everything held about the organisation, or undefined when nothing is. */
export async function exportOrganisation(registrationCountry: string, registrationNumber: string, by: { who: string; at: Date }): Promise<OrganisationExport | undefined> {
  const indexed = await query({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :org',
    ExpressionAttributeValues: { ':org': keys.organisationIndex(organisationKey(registrationCountry, registrationNumber)) },
  });
  const applicationIds = [...new Set(indexed.filter((i) => String(i.gsi2sk).startsWith('APP#')).map((i) => String(i.applicationId)))];
  const grantIds = [...new Set(indexed.filter((i) => String(i.gsi2sk).startsWith('GRANT#') || String(i.gsi2sk).startsWith('REPORT#')).map((i) => String(i.grantId)))];
  if (applicationIds.length === 0 && grantIds.length === 0) return undefined;
  const kind = (item: Item): Item => ({ record: String(item.entity ?? String(item.sk).split('#')[0]!.toLowerCase()), ...(withoutSecrets(item) as Item) });

  const applications = await Promise.all(applicationIds.map(async (applicationId) => ({ applicationId, records: (await partition(keys.application(applicationId).pk)).map(kind) })));
  const grants = await Promise.all(
    grantIds.map(async (grantId) => {
      const records = await partition(`GRANT#${grantId}`);
      const payments = (await Promise.all(records.filter((r) => String(r.sk).startsWith('TRANCHE#')).map((t) => partition(`PAYMENT#${grantId}#${String(t.number).padStart(2, '0')}`)))).flat();
      return { grantId, records: [...records, ...payments].map(kind) };
    }),
  );

  // The documents: the application's, the answers', the reports' statements; each link recorded before it is given.
  const documents: OrganisationExport['documents'] = [];
  const at = by.at.toISOString();
  for (const { applicationId, records } of applications) {
    const wanted = [
      // An erased document has no object left to link to.
      ...records.filter((r) => r.record === 'document' && r.key && r.fileName && r.fileName !== '(erased)').map((r) => ({ document: String(r.kind), key: String(r.key), fileName: String(r.fileName) })),
      ...records.filter((r) => r.answer?.documentKey && r.answer.fileName !== '(erased)').map((r) => ({ document: 'question-answer', key: String(r.answer.documentKey), fileName: String(r.answer.fileName ?? 'answer') })),
    ];
    const grant = grants.find((g) => g.records.some((r) => r.applicationId === applicationId));
    for (const report of grant?.records.filter((r) => Array.isArray(r.submissions)) ?? []) {
      for (const [i, s] of (report.submissions as Item[]).entries()) {
        if (s.financialStatementKey) wanted.push({ document: 'financial-statement', key: String(s.financialStatementKey), fileName: `report-${report.number}-${i + 1}-statement` });
      }
    }
    const unique = wanted.filter((d, i) => wanted.findIndex((o) => o.key === d.key) === i);
    if (unique.length === 0) continue;
    for (const link of await recordedLinks(applicationId, unique, { who: by.who, through: 'export', at })) {
      documents.push({ applicationId, document: link.document, fileName: link.fileName, url: link.url });
    }
  }
  return { organisation: { registrationCountry, registrationNumber }, exportedAt: at, applications, grants, documents, linksExpireInSeconds: DOWNLOAD_EXPIRY_SECONDS };
}
