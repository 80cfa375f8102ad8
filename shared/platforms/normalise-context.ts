/** What every platform adapter needs besides the record: clocks, correlation, person keys, rules. */
import type { PersonCrypto } from '../person/person-key.js';
import type { RuleBook } from '../rules/year-rules.js';

export interface NormaliseContext {
  /** When the hub received the delivery. */
  readonly receivedAt: Date;
  /** The hub's clock, for the "more than 10 minutes in the future" rule. */
  readonly now: Date;
  readonly correlationId: string;
  readonly crypto: PersonCrypto;
  readonly rules: RuleBook;
}
