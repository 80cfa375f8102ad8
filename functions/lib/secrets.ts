/**
 * Secrets come from the environment locally and from AWS Secrets Manager in the cloud
 * (the stack sets `${NAME}_SECRET_ARN`). Values are fetched on first use and cached by
 * Powertools Parameters, so a cold start fetches only what the invocation needs.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { resourceRead } from '../../aws/resource-access.js';
import { secretArnVariable } from '../../infra/topology.js';
import { ConfigurationError, secretsSchema, type SecretName, type Secrets } from '../../shared/config.js';

export const secretCacheSeconds = 300;

export { secretArnVariable };

const readRaw = async (name: SecretName): Promise<string> => {
  resourceRead(name);
  const direct = process.env[name];
  if (direct !== undefined && direct !== '') return direct;
  const arn = process.env[secretArnVariable(name)];
  if (!arn) throw new ConfigurationError(`${name} is not set (nor ${secretArnVariable(name)})`);
  const value = await getSecret<string>(arn, { maxAge: secretCacheSeconds });
  if (typeof value !== 'string' || value === '')
    throw new ConfigurationError(`${name}: the secret store returned no value`);
  return value;
};

export const loadSecret = async <N extends SecretName>(name: N): Promise<Secrets[N]> => {
  const raw = await readRaw(name);
  const parsed = secretsSchema.shape[name].safeParse(raw);
  if (!parsed.success) throw new ConfigurationError(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data as Secrets[N];
};
