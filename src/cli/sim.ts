/**
 * Entry point of `npm run sim`: see main.ts for what it does, `--help` for how to call it.
 * Exit codes: 0 ok, 1 the run did not match the scenario's expect, 2 bad input, 3 a bug.
 */
import { main } from './main';

// `npm run sim -- … | head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  const out = main(process.argv.slice(2));
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  // exitCode, not exit(): a large --json document must be flushed to a pipe first.
  process.exitCode = out.code;
} catch (e) {
  process.stderr.write(`error: internal error (a bug in the lab): ${(e as Error).message}\n`);
  if (process.env.DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 3;
}
