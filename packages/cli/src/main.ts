#!/usr/bin/env node
import { CommanderError } from 'commander';
import { exitCodeOf, oneLineMessage, ReportedFailure } from './errors.js';
import { createProgram } from './program.js';

/** Runs one command. Errors end as one line "switchyard: <message>" on stderr and exit code 1 (2 for usage errors). */
async function main(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message (or the help / version asked for).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (!(error instanceof ReportedFailure)) process.stderr.write(`switchyard: ${oneLineMessage(error)}\n`);
    process.exitCode = exitCodeOf(error);
  }
}

await main(process.argv);
