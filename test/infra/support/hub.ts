/**
 * Synthesises the hub stack for the infra tests, once per test file (beforeAll). With
 * `bundle: false` the functions carry inline stubs (fast); bundles.test.ts synthesises the
 * real esbuild bundles and checks that both templates are otherwise identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { HubStack, type HubStackProps } from '../../../infra/hub-stack.js';

export const stackName = 'JxCeHub';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly [key: string]: unknown;
}

export interface SynthesisedHub {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly stack: HubStack;
  readonly template: Template;
  readonly json: CfnTemplate;
  /** The cloud assembly directory (assets are under it). */
  readonly outdir: string;
  readonly cleanup: () => void;
}

export interface SynthOptions {
  /** Real esbuild bundles (slow) instead of inline stubs. */
  readonly bundle?: boolean;
  readonly context?: Record<string, unknown>;
  readonly props?: HubStackProps;
  /**
   * CDK's built-in CloudFormation schema validation (seconds per synthesis). Off by default
   * here; nag.test.ts and bundles.test.ts synthesise with it, as `npm run synth` does.
   */
  readonly builtinValidation?: boolean;
}

/**
 * CDK writes a "Bundling asset …" line to stderr for every function it bundles; a passing suite
 * prints only vitest's summary, so those progress lines are held back (anything else, an
 * esbuild error say, still goes through).
 */
const withoutBundlingProgress = <T>(build: () => T): T => {
  const write = process.stderr.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && chunk.startsWith('Bundling asset ')
      ? true
      : Reflect.apply(write, process.stderr, [chunk, ...rest])) as typeof process.stderr.write;
  try {
    return build();
  } finally {
    process.stderr.write = write;
  }
};

export const synthHub = (options: SynthOptions = {}): SynthesisedHub => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'hub-cdk-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: options.builtinValidation ?? false,
    ...(options.context ? { context: options.context } : {}),
  });
  const { stack, assembly } = withoutBundlingProgress(() => {
    const built = new HubStack(app, stackName, { bundle: options.bundle ?? false, ...options.props });
    return { stack: built, assembly: app.synth() };
  });
  const json = assembly.getStackByName(stackName).template as CfnTemplate;
  return {
    app,
    assembly,
    stack,
    template: Template.fromJSON(json),
    json,
    outdir,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
};

/** The logical ID CloudFormation sees for a construct's L1 resource. */
export const logicalIdOf = (construct: IConstruct): string => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(element).resolve(element.logicalId) as string;
};

export const resourcesOfType = (json: CfnTemplate, type: string): Array<[string, CfnResource]> =>
  Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);

export const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const ref = (logicalId: string) => ({ Ref: logicalId });

/** Every logical ID a JSON value references (Ref and Fn::GetAtt), deeply. */
export const referencedIds = (value: unknown, found: Set<string> = new Set()): Set<string> => {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string') found.add(inner[0]);
      else referencedIds(inner, found);
    }
  }
  return found;
};

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
  readonly Sid?: string;
}

export const actionsOf = (statement: PolicyStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** A property a test reads; a resource without it fails the test naming both, not as a TypeError on undefined. */
export const propertyOf = <T>(resource: CfnResource, name: string): T => {
  const value = resource.Properties?.[name];
  if (value === undefined) throw new Error(`the ${resource.Type} has no ${name}`);
  return value as T;
};

/** The statements of a policy document property: PolicyDocument, KeyPolicy, AssumeRolePolicyDocument. */
export const documentStatementsOf = <S = PolicyStatement>(resource: CfnResource, name: string): S[] =>
  propertyOf<{ Statement: S[] }>(resource, name).Statement;

/** A function's environment variables (of its AWS::Lambda::Function resource). */
export const environmentOf = (fn: CfnResource): Record<string, unknown> =>
  propertyOf<{ Variables: Record<string, unknown> }>(fn, 'Environment').Variables;

/** The statements of the IAM policies attached to a role (by the role's logical ID). */
export const roleStatements = (json: CfnTemplate, roleId: string): PolicyStatement[] =>
  resourcesOfType(json, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles ?? []).includes(`"${roleId}"`))
    .flatMap(([, policy]) => documentStatementsOf(policy, 'PolicyDocument'));
