/** The completions queue, made once per process on first use; only the senders import it. */
import { createCompletionQueue, type CompletionQueue } from '../../aws/completion-queue.js';
import { once } from './dependencies.js';

export const completionQueue: () => CompletionQueue = once(createCompletionQueue);
