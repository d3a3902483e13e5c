import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolvePointer(document: JsonObject, pointer: string): Json | undefined {
  let node: Json | undefined = document;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

/** Every local `$ref` reachable from `root` (transitively). */
function reachableRefs(document: JsonObject, root: Json): Set<string> {
  const seen = new Set<string>();
  const pending: Json[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (Array.isArray(node)) pending.push(...node);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key !== '$ref' || typeof value !== 'string') pending.push(value);
        else if (value.startsWith('#/components/') && !seen.has(value)) {
          seen.add(value);
          const target = resolvePointer(document, value);
          if (target === undefined) throw new Error(`${value} does not exist`);
          pending.push(target);
        }
      }
    }
  }
  return seen;
}

/**
 * A copy of an OpenAPI document reduced to the given path keys and the components they reach
 * (schemas unchanged, so validation is identical). Prism dereferences the whole document at
 * start-up: the full OpenAI spec takes ~20 s, its chat operation alone ~2 s.
 */
export function trimSpec(document: JsonObject, keep: readonly string[]): JsonObject {
  const allPaths = isObject(document['paths']) ? document['paths'] : {};
  const paths: JsonObject = {};
  for (const key of keep) {
    const item = allPaths[key];
    if (item === undefined) throw new Error(`the spec has no path ${key}`);
    paths[key] = item;
  }
  const components: Record<string, JsonObject> = {};
  const allComponents = isObject(document['components']) ? document['components'] : {};
  if (isObject(allComponents['securitySchemes'])) components['securitySchemes'] = allComponents['securitySchemes'];
  for (const ref of reachableRefs(document, paths)) {
    const [, , kind, name] = ref.split('/');
    if (kind === undefined || name === undefined) continue;
    const target = resolvePointer(document, `#/components/${kind}/${name}`);
    if (target !== undefined) (components[kind] ??= {})[name.replace(/~1/g, '/').replace(/~0/g, '~')] = target;
  }
  // OAS 3.1 webhooks reference components the kept paths do not reach.
  const { webhooks: _webhooks, ...rest } = document;
  return { ...rest, paths, components };
}

/** Reads a JSON or YAML spec, trims it to `keep`, and writes it as JSON into `dir`; returns the file. */
export function writeTrimmedSpec(specPath: string, keep: readonly string[], dir: string): string {
  const text = readFileSync(specPath, 'utf8');
  const document = (specPath.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Json;
  if (!isObject(document)) throw new Error(`${specPath} is not an OpenAPI document`);
  const out = path.join(dir, `${path.basename(specPath).replace(/\.(ya?ml|json)$/, '')}.trimmed.json`);
  writeFileSync(out, JSON.stringify(trimSpec(document, keep)));
  return out;
}
