/**
 * What the SQS server's process (sqs-server-process.ts) and the hub's (sqs-server.ts) say to
 * each other over the fork's IPC channel. A module of its own: the process module starts a
 * server when it is loaded, so the hub imports only this.
 */

/** The argument that holds the move tasks until the parent ticks them (move-task-clock.ts). */
export const heldMoveTasksFlag = '--held-move-tasks';

/** What the process tells its parent: once whether it listens, then the answer to each tick. */
export type SqsServerMessage =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'move-tasks-ticked'; readonly tasks: number }
  | { readonly kind: 'move-tasks-tick-failed'; readonly error: string };

/** What the parent asks: one tick of every running move task (held move tasks only). */
export type SqsServerRequest = { readonly kind: 'tick-move-tasks' };
