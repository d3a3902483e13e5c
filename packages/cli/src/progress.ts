/**
 * Maps `items` through `work`, at most `limit` at a time, keeping the order. On a terminal it shows
 * "<label> 12/40" on stderr while it runs (nothing when stderr is a pipe or a file).
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, label: string, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const tty = process.stderr.isTTY;
  let next = 0;
  let done = 0;
  const show = (): void => {
    if (tty) process.stderr.write(`\r${label} ${String(done)}/${String(items.length)}`);
  };
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
      done++;
      show();
    }
  };
  show();
  try {
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  } finally {
    if (tty) process.stderr.write('\r\x1b[K');
  }
  return results;
}
