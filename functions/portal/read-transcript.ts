/**
 * `GET /v1/ledgers/{year}/people/{personRef}/entries`: a person's entries for one year,
 * newest first, paged. A person the hub has no records of gets an empty transcript, not a
 * 404, so the API does not tell a caller who exists.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { transcriptPathSchema, transcriptQuerySchema } from '../../shared/api/portal-schemas.js';
import { decodeTranscriptCursor, transcriptPageOf, type TranscriptPage } from '../../shared/api/transcript.js';
import { personKeyOfRef } from '../../shared/person/person-key.js';
import { ledgerStore } from '../lib/dependencies.js';
import { json } from '../lib/http.js';
import { pathOf, queryOf, yearRulesOf } from './params.js';

export const readTranscript = async (event: APIGatewayProxyEventV2) => {
  const { year, personRef } = pathOf(event, transcriptPathSchema);
  const { cursor, limit } = queryOf(event, transcriptQuerySchema);
  yearRulesOf(year);
  // Both were validated by the schemas above.
  const personKey = personKeyOfRef(personRef) as string;
  const after = cursor === undefined ? undefined : decodeTranscriptCursor(cursor);
  const ledger = await ledgerStore().get({ personKey, year });
  const body: TranscriptPage = transcriptPageOf(ledger, { personRef, year, limit, ...(after ? { after } : {}) });
  return json(200, body);
};
