/** `GET /ops/jobs/{jobId}`: a bulk replay job's progress (shared/ops/replay-job.ts). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jobPathSchema, replayJobRetentionDays, replayJobViewOf } from '../../shared/ops/replay-job.js';
import { HttpProblem, json, parseWith } from '../lib/http.js';
import { replayJobs } from './replay-all.js';

export const readJobRoute = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { jobId } = parseWith(jobPathSchema, event.pathParameters ?? {}, 'path');
  const job = await replayJobs().get(jobId);
  if (!job)
    throw new HttpProblem(404, 'not-found', `jobId: no job ${jobId} (jobs are kept ${replayJobRetentionDays} days)`, [
      { field: 'jobId', message: 'no such job' },
    ]);
  return json(200, replayJobViewOf(job));
};
