import { exec } from 'node:child_process';

/**
 * Runs a `credential_process` command line through the shell (as the AWS CLI does) and resolves its
 * standard output; a non-zero exit, a timeout or output over 1 MiB rejects.
 */
export function runProcess(command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(command, { timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error !== null) {
        const detail = stderr.trim().split('\n')[0] ?? '';
        reject(new Error(detail === '' ? error.message : `${error.message.split('\n')[0] ?? ''}: ${detail}`));
        return;
      }
      resolve(stdout);
    });
  });
}
