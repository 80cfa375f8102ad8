/**
 * The portal's answers as the model reads them off the wire: only the fields hub-api.md
 * documents and the comparison checks, written here from the spec. The model imports nothing of
 * the hub, its types included (spec.test.ts holds it to that), so a drift between the hub's
 * schemas and the spec shows as a discrepancy instead of compiling away.
 */

/** 学时 as the portal shows them: numbers of hours, two decimals at most. */
type Hours = number;

/** A ledger of `POST /v1/ledgers/query`. */
export interface HubLedger {
  readonly idCardNo: string;
  readonly personRef: string;
  readonly version: number;
  readonly publicHours: Hours;
  readonly professionalHours: Hours;
  readonly totalHours: Hours;
  readonly convertedHours: Hours;
  readonly entries: number;
  readonly compliant: boolean;
  readonly shortfall?: { readonly publicHours: Hours; readonly professionalHours: Hours; readonly totalHours: Hours };
  readonly byPlatform?: Readonly<Record<string, Hours>>;
  readonly byTopic?: Readonly<Record<string, Hours>>;
}

export interface HubLedgerQuery {
  readonly ledgers: readonly HubLedger[];
}

/** An entry of `GET /v1/ledgers/{year}/people/{personRef}/entries`. */
export interface HubTranscriptEntry {
  readonly platform: string;
  readonly recordId: string;
  readonly state: string;
  readonly stateReason?: string;
  readonly hours: Hours;
  readonly makeup: boolean;
  readonly category: string;
  readonly creditYear: number;
  readonly completedAt: string;
  readonly topic?: string | null;
  readonly topicMatched?: string | null;
  readonly courseCode?: string;
}

export interface HubTranscriptPage {
  readonly entries: readonly HubTranscriptEntry[];
}
