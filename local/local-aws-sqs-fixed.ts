/**
 * `local-aws-sqs` as installed, with one bug fixed at load time.
 *
 * The bug (2.0.2): ChangeMessageVisibility(Batch) goes through the same internal function as
 * ReceiveMessage and so adds 1 to ApproximateReceiveCount. A consumer that hands a failed
 * message back early (as ours does, see queue-consumer.ts) would count every failure twice and
 * dead-letter a message after about maxReceiveCount / 2 deliveries instead of maxReceiveCount.
 * In SQS only a receive counts.
 *
 * The fix: the bundle is read, that one expression is made conditional on the function's
 * "is a visibility change" flag, and the result is evaluated as the CommonJS module it is.
 * node_modules is not touched. If a later version no longer has the expression (fixed, or
 * rebuilt), the bundle is used as it is and a warning says so.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';
import type * as LocalAwsSqs from 'local-aws-sqs';

type LocalAwsSqsModule = typeof LocalAwsSqs;

const require = createRequire(import.meta.url);

/**
 * `Wt=function(t,e,i){if(!t)return;let r=this.VisibilityTimeout*1e3;...;let n=Number(t.record.attributes.ApproximateReceiveCount)+1;`
 * where the third parameter is `isChangeVisibilityAction`.
 */
const toggleVisibility =
  /=function\((\w+),(\w+),(\w+)\)\{if\(!\1\)return;let (\w+)=this\.VisibilityTimeout\*1e3;[^;]*;let (\w+)=Number\(\1\.record\.attributes\.ApproximateReceiveCount\)\+1;/g;

export interface LoadedLocalAwsSqs {
  readonly module: LocalAwsSqsModule;
  readonly receiveCountFixed: boolean;
}

let loaded: LoadedLocalAwsSqs | undefined;

export const loadLocalAwsSqs = (): LoadedLocalAwsSqs => {
  if (loaded) return loaded;
  const filename = require.resolve('local-aws-sqs');
  const source = readFileSync(filename, 'utf8');
  const matches = [...source.matchAll(toggleVisibility)];
  if (matches.length !== 1) {
    loaded = { module: require('local-aws-sqs') as LocalAwsSqsModule, receiveCountFixed: false };
    return loaded;
  }
  const fixed = source.replace(toggleVisibility, (whole, _record: string, _timeout: string, isChange: string) =>
    whole.replace(/\+1;$/, `+(${isChange}?0:1);`),
  );
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${fixed}\n})`, {
    filename,
  }) as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} };
  wrapper(module.exports, createRequire(filename), module, filename, dirname(filename));
  loaded = { module: module.exports as LocalAwsSqsModule, receiveCountFixed: true };
  return loaded;
};
