/**
 * A process that starts the local SQS server (local/sqs-server.ts) and holds it, printing the
 * server's pid as one JSON line: what a test kills outright to see the server go with it.
 */
import { createRuntimeLog } from '../../local/log.js';
import { startSqsServer } from '../../local/sqs-server.js';

const server = await startSqsServer(createRuntimeLog(true));
console.log(JSON.stringify({ sqsPid: server.pid }));
// Held until killed: the server alone does not keep this process alive.
setInterval(() => undefined, 60_000);
