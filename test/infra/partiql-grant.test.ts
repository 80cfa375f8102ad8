/**
 * The records index is read with PartiQL (aws/record-index.ts: a batch's records in one
 * strongly consistent SELECT ... IN), which IAM authorises as dynamodb:PartiQLSelect, not as
 * Query. Every function that reads the records table gets exactly that action on exactly that
 * table; no other function and no other table does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionNames, functions, tableNames, tables } from '../../infra/topology.js';
import { actionsOf, logicalIdOf, referencedIds, roleStatements, synthHub, type SynthesisedHub } from './support/hub.js';

let hub: SynthesisedHub;
beforeAll(() => {
  hub = synthHub();
}, 120_000);
afterAll(() => hub?.cleanup());

const partiqlStatements = (name: (typeof functionNames)[number]) =>
  roleStatements(hub.json, logicalIdOf(hub.stack.functions[name].role)).filter((statement) =>
    actionsOf(statement).some((action) => action.startsWith('dynamodb:PartiQL')),
  );

describe('PartiQL grants', () => {
  it('only the records table is read with PartiQL', () => {
    expect(tableNames.filter((name) => tables[name].partiqlSelect)).toEqual(['records']);
  });

  it.each(functionNames)('%s: PartiQLSelect on the records table exactly when it reads that table', (name) => {
    const reads = new Set([...functions[name].tables.read, ...functions[name].tables.write]).has('records');
    const statements = partiqlStatements(name);
    if (!reads) {
      expect(statements).toEqual([]);
      return;
    }
    expect(statements).toHaveLength(1);
    const statement = statements[0]!;
    expect(actionsOf(statement)).toEqual(['dynamodb:PartiQLSelect']);
    const recordsTableId = logicalIdOf(hub.stack.tables.byName.records);
    const named = referencedIds((statement as { Resource?: unknown }).Resource);
    expect([...named]).toEqual([recordsTableId]);
  });
});
