/**
 * AWS list prices the capacity model uses: US East (N. Virginia), us-east-1, in US dollars,
 * on-demand, without the free tier, as published by AWS and known to the author in mid-2025
 * (DynamoDB on-demand after its 1 November 2024 price cut). The hub is meant for the China
 * regions (cn-north-1 / cn-northwest-1, priced in CNY by the local operators, with different
 * figures): every price here must be re-checked on the AWS pricing pages of the target region
 * before anyone budgets with it. The model keeps quantities and prices apart, so re-pricing is
 * a change to this file only.
 */
export interface PriceBook {
  readonly region: string;
  readonly currency: 'USD';
  readonly asOf: string;
  readonly note: string;
  readonly lambda: {
    /** Per million requests. */
    readonly requestsPerMillion: number;
    /** Per GB-second, Arm (Graviton), first pricing tier. */
    readonly armGbSecond: number;
  };
  readonly sqs: {
    /** Standard queue, per million requests (each 64 KiB of a payload is one request). */
    readonly standardRequestsPerMillion: number;
  };
  readonly dynamodb: {
    /** On-demand, per million write request units (a unit: one write of up to 1 KB, GSI writes included). */
    readonly writeRequestUnitsPerMillion: number;
    /** On-demand, per million read request units (a unit: one strongly consistent read of up to 4 KB). */
    readonly readRequestUnitsPerMillion: number;
    /** Standard table class, per GB-month. */
    readonly storageGbMonth: number;
    /** Continuous backups (point-in-time recovery), per GB-month of table data. */
    readonly pitrGbMonth: number;
  };
  readonly kms: {
    readonly keyMonth: number;
    readonly requestsPerTenThousand: number;
  };
  readonly secretsManager: {
    readonly secretMonth: number;
    readonly callsPerTenThousand: number;
  };
  readonly cloudwatch: {
    readonly logsIngestedGb: number;
    readonly logsStoredGbMonth: number;
    /** Per custom metric (a name and dimension values) per month, first tier. */
    readonly metricMonth: number;
    /** Per standard-resolution alarm per month. */
    readonly alarmMonth: number;
    readonly dashboardMonth: number;
  };
  readonly apiGateway: {
    /** HTTP API, per million requests (first 300 million a month; each 512 KB of a request is one). */
    readonly httpRequestsPerMillion: number;
  };
}

export const usEast1Prices: PriceBook = {
  region: 'us-east-1 (US East, N. Virginia)',
  currency: 'USD',
  asOf: '2025-06 (list prices as known to the author; re-check before budgeting)',
  note: 'No free tier, no savings plans, no data transfer (the platforms and the portal call in over the internet; data in is free, answers are small). China regions price in CNY and differ.',
  lambda: { requestsPerMillion: 0.2, armGbSecond: 0.0000133334 },
  sqs: { standardRequestsPerMillion: 0.4 },
  dynamodb: {
    writeRequestUnitsPerMillion: 0.625,
    readRequestUnitsPerMillion: 0.125,
    storageGbMonth: 0.25,
    pitrGbMonth: 0.2,
  },
  kms: { keyMonth: 1, requestsPerTenThousand: 0.03 },
  secretsManager: { secretMonth: 0.4, callsPerTenThousand: 0.05 },
  cloudwatch: { logsIngestedGb: 0.5, logsStoredGbMonth: 0.03, metricMonth: 0.3, alarmMonth: 0.1, dashboardMonth: 3 },
  apiGateway: { httpRequestsPerMillion: 1 },
};
