import { compare, type ChatClient, type CompareOptions, type ModelResult, type Prompt } from './compare.js';

/** Decides whether two answers say the same thing. */
export type Judge = (a: string, b: string) => boolean | Promise<boolean>;

export interface ConsensusOptions extends CompareOptions {
  /** Answers that must agree (default: a majority of `models`). */
  readonly quorum?: number;
  /** How answers are compared (default: {@link normalizeAnswer} of both are equal). */
  readonly judge?: Judge;
}

/** A group of answers the judge found equal, and the models that gave them. */
export interface Vote {
  /** The first answer of the group, as given. */
  readonly answer: string;
  readonly models: string[];
}

export interface ConsensusResult {
  /** The answer of the largest group when it reached the quorum, else null. */
  readonly answer: string | null;
  readonly agreed: boolean;
  readonly quorum: number;
  /** Every group, largest first. */
  readonly votes: Vote[];
  readonly results: ModelResult[];
  /** The sum of every model's cost, in USD. */
  readonly cost: number;
}

/** Lower case, whitespace collapsed, surrounding quotes and final punctuation dropped. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'`“‘]+|["'`”’]+$/g, '')
    .replace(/[.!?。]+$/, '')
    .trim();
}

const sameNormalized: Judge = (a, b) => normalizeAnswer(a) === normalizeAnswer(b);

async function group(results: readonly ModelResult[], judge: Judge): Promise<Vote[]> {
  const votes: { answer: string; models: string[] }[] = [];
  for (const result of results) {
    if (result.content === null) continue;
    let home: { answer: string; models: string[] } | undefined;
    for (const vote of votes) {
      if (await judge(vote.answer, result.content)) {
        home = vote;
        break;
      }
    }
    if (home === undefined) votes.push({ answer: result.content, models: [result.model] });
    else home.models.push(result.model);
  }
  return votes.sort((a, b) => b.models.length - a.models.length);
}

/**
 * Asks every model the same prompt (in parallel, as {@link compare}) and returns the answer at
 * least `quorum` of them agree on, with the votes. Failed models vote for nothing.
 */
export async function consensus(client: ChatClient, prompt: Prompt, models: readonly string[], options: ConsensusOptions = {}): Promise<ConsensusResult> {
  const { quorum = Math.floor(models.length / 2) + 1, judge = sameNormalized, ...compareOptions } = options;
  if (!Number.isInteger(quorum) || quorum < 1) throw new RangeError(`quorum must be a positive integer, got ${String(quorum)}`);
  const results = await compare(client, prompt, models, compareOptions);
  const votes = await group(results, judge);
  const top = votes[0];
  const agreed = top !== undefined && top.models.length >= quorum;
  const cost = results.reduce((sum, result) => sum + (result.cost ?? 0), 0);
  return { answer: agreed ? top.answer : null, agreed, quorum, votes, results, cost };
}

/** A {@link Judge} that asks `model` whether two answers agree (one short call per comparison). */
export function modelJudge(client: ChatClient, model: string): Judge {
  return async (a, b) => {
    const response = await client.chat.send({
      model,
      temperature: 0,
      max_tokens: 5,
      messages: [
        { role: 'system', content: 'Reply YES if the two answers give the same final answer, otherwise NO. Reply with one word.' },
        { role: 'user', content: `Answer A:\n${a}\n\nAnswer B:\n${b}` },
      ],
    });
    return /^\W*yes\b/i.test(response.choices[0]?.message.content ?? '');
  };
}
