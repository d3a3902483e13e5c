import type { GeminiPartialArg } from './gemini-api-types.js';

type PathKey = string | number;

/** `$.recipe.ingredients[0].name` → ["recipe", "ingredients", 0, "name"]; undefined when unparsable. */
export function parseJsonPath(path: string): PathKey[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const keys: PathKey[] = [];
  const token = /\.([^.[\]]+)|\[(\d+)\]|\[(?:'([^']*)'|"([^"]*)")\]/y;
  token.lastIndex = 1;
  while (token.lastIndex < path.length) {
    const match = token.exec(path);
    if (match === null) return undefined;
    const [, name, index, single, double] = match;
    keys.push(index === undefined ? (name ?? single ?? double ?? '') : Number(index));
  }
  return keys;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function getChild(container: Container, key: PathKey): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[String(key)];
}

function setChild(container: Container, key: PathKey, value: unknown): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else container[String(key)] = value;
}

/**
 * Applies one streamed argument piece to `args` in place. String pieces of the same path
 * concatenate (Vertex streams long strings in several pieces); other values replace.
 */
export function applyPartialArg(args: Record<string, unknown>, arg: GeminiPartialArg): void {
  const keys = parseJsonPath(arg.jsonPath);
  if (keys === undefined || keys.length === 0 || keys.includes('__proto__')) return;
  let node: Container = args;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as PathKey;
    let child = getChild(node, key);
    if (!isContainer(child)) {
      child = typeof keys[i + 1] === 'number' ? [] : {};
      setChild(node, key, child);
    }
    node = child as Container;
  }
  const last = keys[keys.length - 1] as PathKey;
  const previous = getChild(node, last);
  const value = arg.isString && typeof previous === 'string' ? previous + String(arg.value) : arg.value;
  setChild(node, last, value);
}
