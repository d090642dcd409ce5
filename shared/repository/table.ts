// Single-table design. Access patterns and the keys that serve them:
//
// | access pattern                                   | key                                                        |
// |--------------------------------------------------|------------------------------------------------------------|
// | a call by id                                     | pk=CALL#<callId>            sk=META                        |
// | all calls, by opening time                       | gsi1pk=CALLS                gsi1sk=<opensAt>#<callId>      |
// | an application by id                             | pk=APP#<applicationId>      sk=META                        |
// | the applications of a call, by creation time     | gsi1pk=CALL#<callId>#APPS   gsi1sk=<createdAt>#<appId>     |
// | one application per organisation per call        | pk=CALL#<callId>            sk=ORG#<country>#<regNo>       |
// |   (guard item written in the same transaction)   |                                                            |
// | the documents of an application                  | pk=APP#<applicationId>      sk begins_with DOC#            |
// | an organisation's applications and reports       | gsi2pk=ORG#<country>#<regNo> gsi2sk=APP#… / REPORT#…       |
//
// Writes that must not race use conditions or transactions.
import { envGetter } from '../config.ts';

export const tableName = envGetter('TABLE_NAME');

export const keys = {
  call: (callId: string) => ({ pk: `CALL#${callId}`, sk: 'META' }),
  callsIndex: 'CALLS',
  application: (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'META' }),
  callApplicationsIndex: (callId: string) => `CALL#${callId}#APPS`,
  organisationGuard: (callId: string, orgKey: string) => ({ pk: `CALL#${callId}`, sk: `ORG#${orgKey}` }),
  document: (applicationId: string, kind: string) => ({ pk: `APP#${applicationId}`, sk: `DOC#${kind}` }),
  organisationIndex: (orgKey: string) => `ORG#${orgKey}`,
};

/**
 * An organisation is identified by its registration country and number; the
 * number is compared without case, spaces or punctuation so that
 * "12-345/A" and "12345a" are the same registration.
 */
export { organisationKeyOf as organisationKey } from '../domain/profiles.ts';
