/**
 * OpenRouter's use-case categories (the spec's `category` enum on `GET /models`). OpenRouter ranks
 * models per category from usage; the gateway has no rankings, so operators tag catalog models with
 * `categories:` and `?category=` keeps the tagged ones.
 */
export const MODEL_CATEGORIES = [
  'programming',
  'roleplay',
  'marketing',
  'marketing/seo',
  'technology',
  'science',
  'translation',
  'legal',
  'finance',
  'health',
  'trivia',
  'academia',
] as const;

export type ModelCategory = (typeof MODEL_CATEGORIES)[number];
