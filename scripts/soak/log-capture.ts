/**
 * Captures everything this process writes to stdout and stderr (the in-process hub's
 * Powertools JSON lines, its metrics, the runtime's lines) into a file instead of the
 * terminal, so the soak can print only its figures and then scan the whole log for personal
 * data. `say` still reaches the terminal.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { format } from 'node:util';

type Write = typeof process.stdout.write;

export interface LogCapture {
  /** Writes a line to the real stdout (the soak's own output). */
  say(line: string): void;
  /** Writes a line to the real stderr (progress). */
  sayError(line: string): void;
  /** Bytes captured so far. */
  readonly bytes: number;
  /** Stops capturing (the streams write to the terminal again) and waits for the file. */
  stop(): Promise<void>;
  /** Reads the captured file line by line. */
  lines(): AsyncIterable<string>;
}

export const startLogCapture = (path: string, options: { echo?: boolean } = {}): LogCapture => {
  const file: WriteStream = createWriteStream(path, { flags: 'w' });
  const originals = {
    stdout: process.stdout.write.bind(process.stdout) as Write,
    stderr: process.stderr.write.bind(process.stderr) as Write,
  };
  let bytes = 0;
  let stopped = false;
  const tee = (original: Write): Write =>
    ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      const buffer =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : 'utf8')
          : Buffer.from(chunk);
      bytes += buffer.length;
      file.write(buffer);
      if (options.echo) return (original as (...args: unknown[]) => boolean)(chunk, encodingOrCallback, callback);
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as Write;
  process.stdout.write = tee(originals.stdout);
  process.stderr.write = tee(originals.stderr);
  // A test runner may put its own console in place (vitest does): the runtime's console lines go to the file too.
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const consoles = Object.fromEntries(consoleMethods.map((name) => [name, console[name]])) as Record<
    (typeof consoleMethods)[number],
    (...args: unknown[]) => void
  >;
  for (const name of consoleMethods) {
    console[name] = (...args: unknown[]) => {
      process.stdout.write(`${format(...args)}\n`);
    };
  }

  return {
    say: (line) => {
      originals.stdout(`${line}\n`);
    },
    sayError: (line) => {
      originals.stderr(`${line}\n`);
    },
    get bytes() {
      return bytes;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      for (const name of consoleMethods) console[name] = consoles[name];
      await new Promise<void>((resolve, reject) => {
        file.once('error', reject);
        file.end(() => resolve());
      });
    },
    lines: () => createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity }),
  };
};
