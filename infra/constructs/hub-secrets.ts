/**
 * One Secrets Manager secret per secret name the topology uses, encrypted with the hub key and
 * retained when the stack goes (PERSON_KEY_SECRET above all: lose it and no person key can be
 * computed again). Each starts as a random value without punctuation, so it is valid for the
 * functions' schema (shared/config.ts) and useless to anyone until operators put the real
 * platform credentials in; bearer key lists and PERSON_KEY_SECRET may stay random.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { functionNames, functions, type SecretName } from '../topology.js';
import type { HubKeyProps } from './hub-key.js';

/**
 * Why each secret has no automatic rotation (cdk-nag AwsSolutions-SMG4). A rotation Lambda
 * can only rotate what the hub alone controls; these values are shared with a party outside
 * AWS, or must never change.
 */
export const rotationExemptions: Readonly<Record<SecretName, string>> = {
  HNU_WEBHOOK_SECRETS:
    'Shared with hnu, which signs with it. Rotated by operators together with hnu: the setting accepts several comma-separated secrets, so the new one is added, hnu switches, the old one is removed.',
  JXNU_APP_SECRET:
    'Shared with jxnu, which signs with it; a new value must be agreed with jxnu on a date, so it is rotated by operators, not on a timer.',
  WANGTI_TOKEN:
    'Issued by wangti, not by the hub; the hub cannot mint a new one. When wangti answers 401 the PollerUnauthorized alarm asks operators to put the new token in.',
  PORTAL_API_KEYS:
    'Bearer keys held by the portal. Rotated by operators with the portal: the list accepts several name:key entries, so a new key is added before the old one is removed.',
  OPS_API_KEYS:
    'Bearer keys held by operators; rotated by operators the same way as PORTAL_API_KEYS (add the new key, then remove the old one).',
  PERSON_KEY_SECRET:
    'Must never rotate: every person key (the storage key of every ledger) is a keyed hash under it, and the field-level encryption of ID card numbers depends on it. A change would orphan every ledger; it needs a planned re-keying migration, not a rotation.',
};

/** Length of the generated initial value. */
export const generatedSecretLength = 48;

/** Every secret name some topology function lists, in topology order, once. */
export const topologySecretNames = (): SecretName[] => [
  ...new Set(functionNames.flatMap((name) => functions[name].secrets)),
];

export { secretArnVariable } from '../topology.js';

export class HubSecrets extends Construct {
  readonly byName: ReadonlyMap<SecretName, Secret>;

  constructor(scope: Construct, id: string, props: HubKeyProps) {
    super(scope, id);
    const made = new Map<SecretName, Secret>();
    for (const name of topologySecretNames()) {
      const secret = new Secret(this, name, {
        secretName: `${Stack.of(this).stackName}/${name}`,
        description: `jx-ce-hub ${name} (hub-api.md configuration)`,
        encryptionKey: props.key,
        generateSecretString: { passwordLength: generatedSecretLength, excludePunctuation: true, includeSpace: false },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: rotationExemptions[name] });
      made.set(name, secret);
    }
    this.byName = made;
  }

  get(name: SecretName): Secret {
    const secret = this.byName.get(name);
    if (!secret) throw new Error(`no secret ${name}: the topology lists no function using it`);
    return secret;
  }
}
