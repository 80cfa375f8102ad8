/**
 * cdk-nag (AwsSolutions pack, cdk-nag 3 as a CDK policy-validation plugin): the stack has no
 * unacknowledged error or warning; every acknowledgement is on the construct that carries the
 * finding (never the whole stack or app) and gives a reason; the check itself catches a
 * non-compliant resource.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubStack } from '../../infra/hub-stack.js';
import { synthHub, type SynthesisedHub } from './support/hub.js';

let hub: SynthesisedHub;
beforeAll(() => {
  hub = synthHub({ bundle: false });
});
afterAll(() => hub.cleanup());

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

const acknowledgementsUnder = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(hub.app, { verbose: true }).validateScope(hub.stack);
    const findings = report.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('runs as a policy-validation plugin in synthesis (as infra/app.ts does): nothing from it nor from CloudFormation schema validation', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'hub-nag-'));
    try {
      const app = new App({ outdir }); // built-in CloudFormation validation on, as in `npm run synth`
      new HubStack(app, 'JxCeHub', { bundle: false });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
      expect(() => app.synth()).not.toThrow();
      const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: unknown[];
      };
      expect(report.pluginReports).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('every acknowledgement is on a construct inside the stack, names one rule or finding, and says why', () => {
    const acknowledgements = acknowledgementsUnder(hub.app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const acknowledgement of acknowledgements) {
      expect(acknowledgement.path.split('/').length, acknowledgement.path).toBeGreaterThan(1); // not the app, not the stack
      expect(acknowledgement.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[[^\]]+\])?$/);
      expect(acknowledgement.reason.length, `${acknowledgement.path} ${acknowledgement.id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('acknowledges only the expected rules', () => {
    const rules = new Set(
      acknowledgementsUnder(hub.app).map((acknowledgement) => acknowledgement.id.replace(/\[.*$/, '')),
    );
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
    ]);
    const wildcardFindings = acknowledgementsUnder(hub.app).filter((acknowledgement) =>
      acknowledgement.id.startsWith('AwsSolutions-IAM5'),
    );
    for (const finding of wildcardFindings) {
      expect(finding.id).toMatch(
        /^AwsSolutions-IAM5\[(Action::kms:(GenerateDataKey|ReEncrypt)\*|Resource::<Tables[a-z]+[0-9A-F]{8}\.Arn>\/index\/\*)\]$/,
      );
    }
  });

  it('catches a non-compliant resource (the check is not vacuous)', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new Queue(stack, 'Plain'); // no DLQ, no SSL policy
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });
});
