/** The completions queue, made on first use and kept (once.ts); only the senders import it. */
import { createCompletionQueue, type CompletionQueue } from '../../aws/completion-queue.js';
import { once } from './once.js';

export const completionQueue: () => CompletionQueue = once(createCompletionQueue);
