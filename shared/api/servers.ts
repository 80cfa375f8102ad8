/**
 * Where the hub's APIs are served, for the OpenAPI documents (portal and operators): the HTTP
 * API's default stage in AWS (the stack's ApiUrl output), in a commercial or a China region,
 * and `npm start` on this machine. The same handlers answer on both.
 */
import type { oas31 } from 'zod-openapi';
import { hubPortDefault } from '../config.js';

export const apiServers: oas31.ServerObject[] = [
  {
    url: 'https://{apiId}.execute-api.{region}.{dnsSuffix}',
    description: "The hub in AWS: the stack's ApiUrl output (the HTTP API's default stage)",
    variables: {
      apiId: { default: 'abcdef1234', description: 'The HTTP API id' },
      region: {
        default: 'cn-north-1',
        enum: ['cn-north-1', 'cn-northwest-1', 'us-east-1'],
        description: 'The region the stack is deployed in',
      },
      dnsSuffix: {
        default: 'amazonaws.com.cn',
        enum: ['amazonaws.com.cn', 'amazonaws.com'],
        description: 'amazonaws.com.cn in the China regions',
      },
    },
  },
  {
    url: `http://127.0.0.1:${hubPortDefault}`,
    description: `\`npm start\` on this machine (HUB_PORT, default ${hubPortDefault})`,
  },
];

/** What the documents say of their licence (package.json: UNLICENSED, no one may reuse it). */
export const apiLicense: oas31.LicenseObject = {
  name: 'Proprietary (UNLICENSED): the province of Jiangxi',
  identifier: 'LicenseRef-Proprietary',
};
