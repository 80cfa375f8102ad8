/**
 * Bulk replay jobs in the operations table (`replay-job#<jobId>` / `job`, and `chunk#<n>` for
 * what a failed attempt of a chunk had credited), kept
 * replayJobRetentionDays (TTL), and their chunks on the replays queue. A chunk's tally is added
 * once: the update is conditional on the chunk not being in the job's set of chunks done, so a
 * chunk the queue delivers twice counts once.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  replayJobRetentionDays,
  replayJobViewSchema,
  type ChunkTally,
  type ReplayChunkMessage,
  type StoredReplayJob,
} from '../shared/ops/replay-job.js';
import { dynamo, queueUrlOf, tableNameOf } from './clients.js';
import { isConditionFailure } from './condition-failure.js';
import { sendBodies } from './queue-send.js';
import { parseStoredItem } from './stored-item.js';

/** A replay job item that does not match the schema it was written with. */
export class StoredReplayJobError extends Error {
  override readonly name = 'StoredReplayJobError';
}

const keyOf = (jobId: string) => ({ pk: `replay-job#${jobId}`, sk: 'job' });
/** What earlier attempts of one chunk credited, kept beside the job only when an attempt fails. */
const chunkKeyOf = (jobId: string, chunk: number) => ({ pk: `replay-job#${jobId}`, sk: `chunk#${chunk}` });

const storedJobSchema = replayJobViewSchema.omit({ status: true }).extend({
  chunks: z.number().int().min(0),
  /** The chunks counted so far (a number set; absent until the first). */
  chunksDone: z.set(z.number().int()).optional(),
});

const storedOf = (item: Record<string, unknown>): StoredReplayJob => {
  const stored = parseStoredItem(
    storedJobSchema,
    item,
    (issues) => new StoredReplayJobError(`replay job item ${String(item.pk)} is malformed: ${issues}`),
  );
  return { ...stored, chunksDone: stored.chunksDone?.size ?? 0 };
};

export interface ReplayJobStore {
  create(job: StoredReplayJob): Promise<void>;
  get(jobId: string): Promise<StoredReplayJob | undefined>;
  /** Adds a chunk's tally once; answers false when the chunk was already counted. */
  addChunk(jobId: string, chunk: number, tally: ChunkTally, at: Date): Promise<boolean>;
  /** Fewer chunks than planned reached the queue: the job is done when those are. */
  shrink(jobId: string, chunks: number, matched: number): Promise<void>;
  /** The failures earlier attempts of a chunk credited (see shared/ops/replay-chunk.ts). */
  creditsOfChunk(jobId: string, chunk: number): Promise<Set<string>>;
  keepChunkCredits(jobId: string, chunk: number, failureIds: readonly string[], at: Date): Promise<void>;
  /** Puts a job's chunks on the replays queue. */
  enqueueChunks(messages: readonly ReplayChunkMessage[]): Promise<void>;
}

/** When a job's items expire (TTL, epoch seconds): replayJobRetentionDays after `at`. */
const expiresAtAfter = (at: Date): number => Math.floor(at.getTime() / 1000) + replayJobRetentionDays * 86_400;

const createJob = async (table: string, job: StoredReplayJob): Promise<void> => {
  const { chunksDone: _d, ...rest } = job;
  await dynamo().send(
    new PutCommand({
      TableName: table,
      Item: { ...keyOf(job.jobId), ...rest, expiresAt: expiresAtAfter(new Date(job.startedAt)) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

const getJob = async (table: string, jobId: string): Promise<StoredReplayJob | undefined> => {
  const answer = await dynamo().send(new GetCommand({ TableName: table, Key: keyOf(jobId), ConsistentRead: true }));
  return answer.Item ? storedOf(answer.Item) : undefined;
};

/** The chunk's tally added and the chunk put in the set of chunks done, unless it is there already. */
const chunkCounted = (table: string, jobId: string, chunk: number, tally: ChunkTally, at: Date) =>
  new UpdateCommand({
    TableName: table,
    Key: keyOf(jobId),
    UpdateExpression: 'ADD #done :chunk, #replayed :replayed, #credited :credited, #still :still SET #updatedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND NOT contains(#done, :n)',
    ExpressionAttributeNames: {
      '#done': 'chunksDone',
      '#replayed': 'replayed',
      '#credited': 'credited',
      '#still': 'stillFailing',
      '#updatedAt': 'updatedAt',
    },
    ExpressionAttributeValues: {
      ':chunk': new Set([chunk]),
      ':n': chunk,
      ':replayed': tally.replayed,
      ':credited': tally.credited,
      ':still': tally.stillFailing,
      ':at': at.toISOString(),
    },
  });

const addChunk = async (table: string, jobId: string, chunk: number, tally: ChunkTally, at: Date): Promise<boolean> => {
  try {
    await dynamo().send(chunkCounted(table, jobId, chunk, tally, at));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

const shrinkJob = async (table: string, jobId: string, chunks: number, matched: number): Promise<void> => {
  await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: keyOf(jobId),
      UpdateExpression: 'SET #chunks = :chunks, #matched = :matched',
      ExpressionAttributeNames: { '#chunks': 'chunks', '#matched': 'matched' },
      ExpressionAttributeValues: { ':chunks': chunks, ':matched': matched },
    }),
  );
};

const creditsOfChunk = async (table: string, jobId: string, chunk: number): Promise<Set<string>> => {
  const answer = await dynamo().send(
    new GetCommand({ TableName: table, Key: chunkKeyOf(jobId, chunk), ConsistentRead: true }),
  );
  return new Set((answer.Item?.credited as Set<string> | undefined) ?? []);
};

const keepChunkCredits = async (
  table: string,
  jobId: string,
  chunk: number,
  failureIds: readonly string[],
  at: Date,
): Promise<void> => {
  if (failureIds.length === 0) return;
  await dynamo().send(
    new UpdateCommand({
      TableName: table,
      Key: chunkKeyOf(jobId, chunk),
      UpdateExpression: 'ADD #credited :ids SET #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#credited': 'credited', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':ids': new Set(failureIds), ':expiresAt': expiresAtAfter(at) },
    }),
  );
};

export const createReplayJobStore = (): ReplayJobStore => {
  const table = tableNameOf('operations');
  return {
    create: (job) => createJob(table, job),
    get: (jobId) => getJob(table, jobId),
    addChunk: (jobId, chunk, tally, at) => addChunk(table, jobId, chunk, tally, at),
    shrink: (jobId, chunks, matched) => shrinkJob(table, jobId, chunks, matched),
    creditsOfChunk: (jobId, chunk) => creditsOfChunk(table, jobId, chunk),
    keepChunkCredits: (jobId, chunk, failureIds, at) => keepChunkCredits(table, jobId, chunk, failureIds, at),
    enqueueChunks: (messages) =>
      sendBodies(
        queueUrlOf('replays'),
        messages.map((message) => JSON.stringify(message)),
      ),
  };
};
