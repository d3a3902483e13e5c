/** Edit distance with an early exit when it exceeds `max`. */
export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to `limit` known ids close to `wanted`: same slug under another author, substrings, small edit distance. */
export function suggestIds(wanted: string, known: readonly string[], limit = 3): string[] {
  const query = wanted.toLowerCase();
  const slug = query.slice(query.indexOf('/') + 1);
  const scored: { id: string; score: number }[] = [];
  for (const id of known) {
    const lower = id.toLowerCase();
    const knownSlug = lower.slice(lower.indexOf('/') + 1);
    let score: number;
    if (knownSlug === slug) score = 0;
    else if (slug.length >= 3 && (lower.includes(slug) || slug.includes(knownSlug))) score = 1;
    else {
      const distance = levenshtein(query, lower, Math.max(3, Math.floor(query.length / 3)));
      if (distance > Math.max(3, Math.floor(query.length / 3))) continue;
      score = 1 + distance;
    }
    scored.push({ id, score });
  }
  scored.sort((x, y) => x.score - y.score || x.id.localeCompare(y.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}
