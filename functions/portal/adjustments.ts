/**
 * `POST /v1/adjustments` and `POST /v1/adjustments/{adjustmentId}/revoke`: converted hours
 * (折算学时). The handler only parses and answers; shared/adjustments/ decides.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { adjustmentPathSchema, adjustmentRequestSchema, type AdjustmentResult } from '../../shared/api/adjustments.js';
import { ledgerViewOf } from '../../shared/api/ledger-view.js';
import type { StoredAdjustment } from '../../shared/adjustments/adjustment.js';
import { postAdjustment, revokeAdjustment, type AdjustmentPorts } from '../../shared/adjustments/apply-adjustment.js';
import type { Ledger } from '../../shared/ledger/ledger.js';
import type { PersonCrypto, PersonKey } from '../../shared/person/person-key.js';
import { describeProblems } from '../../shared/result.js';
import { toBeijingIso } from '../../shared/rules/beijing-time.js';
import type { Consumer } from '../lib/bearer-auth.js';
import { ledgerStore, rules } from '../lib/dependencies.js';
import { HttpProblem, json, parseJsonBody } from '../lib/http.js';
import { logger } from '../lib/observability.js';
import { personCrypto } from '../lib/person-crypto.js';
import { pathOf, yearRulesOf } from './params.js';
import { adjustmentStore } from './stores.js';

const portsOf = async (): Promise<AdjustmentPorts> => ({
  adjustments: adjustmentStore(),
  ledgers: ledgerStore(),
  rules: rules(),
  crypto: await personCrypto(),
});

const resultOf = (
  outcome: AdjustmentResult['outcome'],
  adjustment: StoredAdjustment,
  ledger: Ledger,
  crypto: PersonCrypto,
): AdjustmentResult => ({
  adjustmentId: adjustment.adjustmentId,
  outcome,
  revoked: adjustment.revokedAt !== undefined,
  revokedAt: adjustment.revokedAt === undefined ? null : toBeijingIso(new Date(adjustment.revokedAt)),
  ledger: ledgerViewOf(
    crypto.decrypt(ledger.idCardEnc),
    ledger.personKey as PersonKey,
    ledger.year,
    ledger,
    yearRulesOf(ledger.year),
  ),
});

export const postAdjustmentRoute = async (event: APIGatewayProxyEventV2, consumer: Consumer) => {
  const request = parseJsonBody(event, adjustmentRequestSchema);
  const ports = await portsOf();
  const outcome = await postAdjustment(request, consumer.name, ports);
  switch (outcome.kind) {
    case 'invalid':
      throw new HttpProblem(400, 'invalid-request', `body: ${describeProblems(outcome.problems)}`, outcome.problems);
    case 'conflict':
      throw new HttpProblem(
        409,
        'adjustment-conflict',
        `adjustment ${request.adjustmentId} was posted before with other content: ${describeProblems(outcome.differences)}`,
        outcome.differences,
      );
    default:
      logger.info('adjustment posted', {
        adjustmentId: request.adjustmentId,
        outcome: outcome.kind,
        year: request.year,
      });
      return json(
        outcome.kind === 'created' ? 201 : 200,
        resultOf(outcome.kind, outcome.adjustment, outcome.ledger, ports.crypto),
      );
  }
};

export const revokeAdjustmentRoute = async (event: APIGatewayProxyEventV2, consumer: Consumer) => {
  const { adjustmentId } = pathOf(event, adjustmentPathSchema);
  const ports = await portsOf();
  const outcome = await revokeAdjustment(adjustmentId, consumer.name, ports);
  if (outcome.kind === 'unknown')
    throw new HttpProblem(404, 'not-found', `adjustmentId: no adjustment ${adjustmentId}`, [
      { field: 'adjustmentId', message: 'no adjustment has this id' },
    ]);
  logger.info('adjustment revoked', { adjustmentId, outcome: outcome.kind });
  return json(200, resultOf(outcome.kind, outcome.adjustment, outcome.ledger, ports.crypto));
};
