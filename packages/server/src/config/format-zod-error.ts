import { formatPath } from '@switchyard/protocol';
import type { z } from 'zod';

/** "providers[1].base_url: must be an http(s) URL" for every issue, one per line. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`).join('\n');
}
