import { existsSync, readFileSync } from 'node:fs';

export interface DocExample {
  /** "docs/cli.md:42": the file and the line of the opening fence. */
  readonly where: string;
  readonly script: string;
}

/** The ```sh blocks of a Markdown text, with the line each starts on. */
export function shellBlocks(markdown: string, file: string, firstLine = 1): DocExample[] {
  const examples: DocExample[] = [];
  const fence = /^```sh\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const line = firstLine + markdown.slice(0, match.index).split('\n').length - 1;
    examples.push({ where: `${file}:${String(line)}`, script: match[1] ?? '' });
  }
  return examples;
}

/** The `## <title>` section of a Markdown file (up to the next `## `), with its first line; undefined when absent. */
export function section(file: string, title: string): { readonly text: string; readonly firstLine: number } | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  // "## CLI" or "## CLI (…)": the heading may name the command after the title.
  const start = lines.findIndex((line) => line.trim() === `## ${title}` || line.startsWith(`## ${title} `));
  if (start === -1) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return { text: lines.slice(start, end === -1 ? undefined : end).join('\n'), firstLine: start + 1 };
}
