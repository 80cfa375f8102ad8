/**
 * `npm start`: the whole hub on this machine (see hub.ts), on HUB_PORT (default 3000) with
 * DynamoDB data kept in HUB_DATA_DIR (default `.data/`). Ctrl-C, SIGTERM to this process alone
 * or its parent going away stops everything it started, prints `stopped` and exits 0
 * (package.json's start script execs node, so npm's pid is the one a supervisor signals).
 */
import { resolve } from 'node:path';
import { ConfigurationError } from '../shared/config.js';
import { functionNames, functions } from '../infra/topology.js';
import { DynamoDbLocalError, JavaMissingError } from './dynamodb-local.js';
import { configurationNames, resolveConfiguration } from './environment.js';
import { describeRoutes } from './http-server.js';
import { consumersMaxDefault, startHub, type RunningHub } from './hub.js';
import { intervalSecondsOf } from './scheduler.js';
import { onStopTrigger } from './stop-triggers.js';
import { TableMismatchError } from './tables.js';

/**
 * Past this, stop gives up waiting and exits 1 (the Java process is still killed on exit):
 * under the 10 s a supervisor commonly allows before it kills (docker stop, CI runners).
 */
const stopTimeoutMs = 8_000;

const say = (line: string) => console.log(`[hub] ${line}`);

/** Errors that explain themselves: their message, without a stack. */
const plainErrors = [ConfigurationError, JavaMissingError, DynamoDbLocalError, TableMismatchError];

const fail = (error: unknown, port: number): never => {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`[hub] port ${port} is in use: stop what uses it or set HUB_PORT`);
  else if (plainErrors.some((kind) => error instanceof kind)) console.error(`[hub] ${(error as Error).message}`);
  else console.error('[hub] could not start', error);
  process.exit(1);
};

const banner = (hub: RunningHub, dataDir: string, defaulted: readonly string[]): void => {
  say(`Jiangxi continuing-education hub: ${hub.baseUrl}`);
  const consoleRoute = hub.routes.find((route) => route.functionName === 'opsConsole');
  if (consoleRoute) say(`  operators' console  ${hub.baseUrl}${consoleRoute.path}  (enter an OPS_API_KEYS key)`);
  say(`  DynamoDB Local  ${hub.dynamoEndpoint}  (data in ${resolve(dataDir, 'dynamodb')})`);
  say(`  SQS server      ${hub.sqsEndpoint}  (messages in memory)`);
  for (const name of functionNames) {
    const { queueSource, schedule } = functions[name];
    if (queueSource) {
      const pollers = Math.min(queueSource.maxConcurrency, consumersMaxDefault);
      say(
        `  consumer        ${name} <- ${queueSource.queue} (${pollers} pollers, batches up to ${queueSource.batchSize})`,
      );
    }
    if (schedule)
      say(`  schedule        ${name} every ${intervalSecondsOf(schedule)} s (${schedule.intervalSecondsVariable})`);
  }
  say('  routes:');
  for (const line of describeRoutes(hub.routes)) say(`    ${line}`);
  if (defaulted.length > 0) say(`  development defaults in use for: ${defaulted.join(', ')}`);
  say('Ctrl-C stops.');
};

/** Stops the hub and exits: 0 once stopped, 1 past stopTimeoutMs or on a second trigger. */
const stopOn = (hub: () => RunningHub | undefined) => {
  onStopTrigger(
    (reason) => {
      const running = hub();
      if (!running) {
        // Still starting: exiting runs the exit handler that kills the Java process.
        console.error(`[hub] ${reason} while starting: exiting`);
        process.exit(1);
      }
      say(`${reason}: stopping`);
      setTimeout(() => {
        console.error(`[hub] could not stop within ${stopTimeoutMs} ms: exiting`);
        process.exit(1);
      }, stopTimeoutMs).unref();
      running.stop().then(
        () => {
          say('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('[hub] stop failed', error);
          process.exit(1);
        },
      );
    },
    (reason) => {
      console.error(`[hub] ${reason} again: exiting without waiting`);
      process.exit(1);
    },
  );
};

const main = async (): Promise<void> => {
  let hub: RunningHub | undefined;
  stopOn(() => hub);

  let port = 3000;
  try {
    const configuration = resolveConfiguration(process.env);
    port = configuration.settings.HUB_PORT;
    const defaulted = configurationNames.filter((name) => !process.env[name] && name in configuration.values);
    hub = await startHub({ port, dataDir: configuration.settings.HUB_DATA_DIR });
    banner(hub, configuration.settings.HUB_DATA_DIR, defaulted);
  } catch (error) {
    fail(error, port);
  }
};

void main();
