/**
 * `GET /ops/audit?year=&cursor=&limit=`: one page of the year's audit (shared/ledger/audit-report.ts).
 * The operator's command line reads page after page until `nextCursor` is null. Findings show
 * the person's opaque reference and the last 4 characters of the ID card number, nothing more.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AuditCursorError, scanLedgersOfYear } from '../../aws/ledger-scan.js';
import { auditScanned, type AuditPage } from '../../shared/ledger/audit-report.js';
import { auditQuerySchema } from '../../shared/ops/params.js';
import { rules } from '../lib/dependencies.js';
import { HttpProblem, json, parseWith } from '../lib/http.js';
import { logger } from '../lib/observability.js';

export const auditRoute = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { year, cursor, limit } = parseWith(auditQuerySchema, event.queryStringParameters ?? {}, 'query');
  if (!rules().get(year))
    throw new HttpProblem(400, 'invalid-request', `year: no rules are configured for ${year}`, [
      { field: 'year', message: `no rules are configured for ${year}` },
    ]);
  let page;
  try {
    page = await scanLedgersOfYear(year, cursor, limit);
  } catch (error) {
    if (error instanceof AuditCursorError)
      throw new HttpProblem(
        400,
        'invalid-request',
        error.message,
        [{ field: 'cursor', message: 'is not a cursor this hub handed out' }],
        { cause: error },
      );
    throw error;
  }
  const findings = auditScanned(page.items, rules());
  if (findings.length > 0)
    logger.error('audit found ledgers that differ from their entries', {
      year,
      count: findings.length,
      personRefs: findings.map((f) => f.personRef),
    });
  const body: AuditPage = { year, checked: page.items.length, findings, nextCursor: page.nextCursor };
  return json(200, body);
};
