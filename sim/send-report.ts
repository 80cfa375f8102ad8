/** What a simulated platform's sender reports of a run (sim/hnu.ts, sim/jxnu.ts), and the tally it keeps on the way. */

export interface SendReport {
  readonly sent: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Deliveries that needed more than one try (jxnu: records of such batches). */
  readonly retried: number;
  /** Deliveries given up on after every try (the error of each). */
  readonly gaveUp: readonly string[];
  /** Rejected records with the hub's reason. */
  readonly rejections: ReadonlyArray<{ readonly recordId: string | undefined; readonly error: string }>;
}

/** A sender's running counts: each answer, retry and give-up noted as it comes. */
export const createSendTally = () => {
  const counts = { accepted: 0, rejected: 0, retried: 0 };
  const gaveUp: string[] = [];
  const rejections: Array<{ recordId: string | undefined; error: string }> = [];
  return {
    /** One record's answer: rejected (with the hub's reason) or not. */
    answered: (recordId: string | undefined, status: string | undefined, error: unknown): void => {
      if (status !== 'rejected') {
        counts.accepted += 1;
        return;
      }
      counts.rejected += 1;
      rejections.push({ recordId, error: String(error) });
    },
    retried: (deliveries: number): void => {
      counts.retried += deliveries;
    },
    gaveUp: (line: string): void => {
      gaveUp.push(line);
    },
    report: (sent: number): SendReport => ({ sent, ...counts, gaveUp, rejections }),
  };
};
