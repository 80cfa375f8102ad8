/**
 * `local-aws-sqs` as installed, with one bug fixed and the move tasks' clock made ours, at
 * load time.
 *
 * The bug (2.0.2): ChangeMessageVisibility(Batch) goes through the same internal function as
 * ReceiveMessage and so adds 1 to ApproximateReceiveCount. A consumer that hands a failed
 * message back early (as ours does, see queue-consumer.ts) would count every failure twice and
 * dead-letter a message after about maxReceiveCount / 2 deliveries instead of maxReceiveCount.
 * In SQS only a receive counts.
 *
 * The clock: a message move task (a redrive) sets and clears its one-second interval through
 * the timers it is given (move-task-clock.ts): the server's own by default, held ones for a
 * test that keeps a redrive running.
 *
 * How: the bundle is read, the receive count made conditional on the function's "is a
 * visibility change" flag, the move task's interval calls pointed at a `moveTaskTimers`
 * parameter, and the result evaluated as the CommonJS module it is. node_modules is not
 * touched. If a later version no longer has the expression (fixed, or rebuilt), that change is
 * not made and the load says so.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';
import type * as LocalAwsSqs from 'local-aws-sqs';
import { timedMoveTasks, type MoveTaskTimers } from './move-task-clock.js';

type LocalAwsSqsModule = typeof LocalAwsSqs;

const require = createRequire(import.meta.url);

/**
 * `Wt=function(t,e,i){if(!t)return;let r=this.VisibilityTimeout*1e3;...;let n=Number(t.record.attributes.ApproximateReceiveCount)+1;`
 * where the third parameter is `isChangeVisibilityAction`.
 */
const toggleVisibility =
  /=function\((\w+),(\w+),(\w+)\)\{if\(!\1\)return;let (\w+)=this\.VisibilityTimeout\*1e3;[^;]*;let (\w+)=Number\(\1\.record\.attributes\.ApproximateReceiveCount\)\+1;/g;

/**
 * `C(this,K,setInterval(()=>p(this,null,function*(){yield l(this,ye,$s).call(this)}),1e3)),S(this,K).unref()`
 * in the MessageMoveTask constructor: `C`/`S` set and get the task's private interval `K`.
 */
const moveTaskInterval =
  /([\w$]+)\(this,([\w$]+),setInterval\((\(\)=>[\w$]+\(this,null,function\*\(\)\{yield [\w$]+\(this,[\w$]+,[\w$]+\)\.call\(this\)\}\)),1e3\)\),([\w$]+)\(this,\2\)\.unref\(\)/g;

export interface LoadedLocalAwsSqs {
  readonly module: LocalAwsSqsModule;
  readonly receiveCountFixed: boolean;
  /** The move tasks set their interval with `moveTaskTimers` (false: the bundle did not have it as expected). */
  readonly moveTaskTimersRouted: boolean;
  readonly moveTaskTimers: MoveTaskTimers;
}

/** A second load asked for other move-task timers than the process's first (the module is loaded once). */
export class LocalAwsSqsLoadError extends Error {
  override readonly name = 'LocalAwsSqsLoadError';
}

let loaded: LoadedLocalAwsSqs | undefined;

const fixReceiveCount = (source: string): string | undefined => {
  const matches = [...source.matchAll(toggleVisibility)];
  if (matches.length !== 1) return undefined;
  return source.replace(toggleVisibility, (whole, _record: string, _timeout: string, isChange: string) =>
    whole.replace(/\+1;$/, `+(${isChange}?0:1);`),
  );
};

const timeMoveTasks = (source: string): string | undefined => {
  const matches = [...source.matchAll(moveTaskInterval)];
  const [whole, set, interval, tick, get] = matches[0] ?? [];
  if (matches.length !== 1 || !whole || !set || !interval || !tick || !get) return undefined;
  const clear = `clearInterval(${get}(this,${interval}))`;
  return (
    source
      // A function, so the `$` of minified names in the replacement is taken as it is.
      .replace(
        whole,
        () => `${set}(this,${interval},moveTaskTimers.setInterval(${tick},1e3)),${get}(this,${interval}).unref()`,
      )
      .split(clear)
      .join(`moveTaskTimers.${clear}`)
  );
};

const evaluate = (source: string, filename: string, moveTaskTimers: MoveTaskTimers): LocalAwsSqsModule => {
  const wrapper = runInThisContext(
    `(function (exports, require, module, __filename, __dirname, moveTaskTimers) {${source}\n})`,
    { filename },
  ) as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
    moveTaskTimers: MoveTaskTimers,
  ) => void;
  const module = { exports: {} };
  wrapper(module.exports, createRequire(filename), module, filename, dirname(filename), moveTaskTimers);
  return module.exports as LocalAwsSqsModule;
};

/** Loads the module once per process; `moveTaskTimers` holds for that process. */
export const loadLocalAwsSqs = (moveTaskTimers: MoveTaskTimers = timedMoveTasks): LoadedLocalAwsSqs => {
  if (loaded) {
    if (loaded.moveTaskTimers !== moveTaskTimers)
      throw new LocalAwsSqsLoadError('local-aws-sqs is loaded already, with other move-task timers');
    return loaded;
  }
  const filename = require.resolve('local-aws-sqs');
  const original = readFileSync(filename, 'utf8');
  const fixed = fixReceiveCount(original);
  const timed = timeMoveTasks(fixed ?? original);
  const source = timed ?? fixed;
  loaded = {
    module:
      source === undefined
        ? (require('local-aws-sqs') as LocalAwsSqsModule)
        : evaluate(source, filename, moveTaskTimers),
    receiveCountFixed: fixed !== undefined,
    moveTaskTimersRouted: timed !== undefined,
    moveTaskTimers,
  };
  return loaded;
};
