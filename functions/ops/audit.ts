/**
 * `GET /ops/audit?year=&cursor=&limit=`: one page of the year's audit (shared/ledger/audit-report.ts).
 * The operator's command line reads page after page until `nextCursor` is null. Findings show
 * the person's opaque reference and the last 4 characters of the ID card number, nothing more.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { scanLedgersOfYear } from '../../aws/ledger-scan.js';
import {
  auditScanned,
  decodeAuditCursor,
  encodeAuditCursor,
  type AuditPage,
} from '../../shared/ledger/audit-report.js';
import { auditQuerySchema } from '../../shared/ops/params.js';
import { rules } from '../lib/dependencies.js';
import { json, parseWith } from '../lib/http.js';
import { logger } from '../lib/observability.js';

export const auditRoute = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  // The schema takes only years with rules and cursors of the audit's form (the document says both).
  const { year, cursor, limit } = parseWith(auditQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await scanLedgersOfYear(year, cursor === undefined ? undefined : decodeAuditCursor(cursor), limit);
  const findings = auditScanned(page.items, rules());
  if (findings.length > 0)
    logger.error('audit found ledgers that differ from their entries', {
      year,
      count: findings.length,
      personRefs: findings.map((f) => f.personRef),
    });
  const body: AuditPage = {
    year,
    checked: page.items.length,
    findings,
    nextCursor: page.next === null ? null : encodeAuditCursor(page.next),
  };
  return json(200, body);
};
