/**
 * What ends `npm start`: SIGTERM or SIGINT sent to this process alone (a supervisor stops the
 * pid it started; `npm start` execs node, so that pid's signal reaches here through npm), or
 * the parent going away (npm killed outright): an orphaned hub would hold its port and its
 * DynamoDB Local. The first trigger stops the hub once; a second signal exits at once.
 */

/** How often the parent is looked at: an orphaned hub starts stopping within this. */
export const parentCheckIntervalMs = 500;

export type StopReason = NodeJS.Signals | 'parent gone';

export const onStopTrigger = (stop: (reason: StopReason) => void, again: (reason: StopReason) => void): void => {
  let triggered = false;
  const trigger = (reason: StopReason) => {
    if (triggered) {
      again(reason);
      return;
    }
    triggered = true;
    stop(reason);
  };
  process.on('SIGINT', trigger);
  process.on('SIGTERM', trigger);
  // process.ppid is read afresh each time: an orphan is re-parented (to init or a subreaper).
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      trigger('parent gone');
    }
  }, parentCheckIntervalMs);
  watch.unref();
};
