import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Finds body fields the spec does not declare. Prism accepts them (the provider specs rarely say
 * `additionalProperties: false`), but a real provider may reject or ignore them: a field name typo
 * or an OpenRouter-only field leaking upstream would otherwise pass unnoticed.
 */
export class UndeclaredFieldFinder {
  private readonly document: Schema;

  constructor(specPath: string) {
    const text = readFileSync(specPath, 'utf8');
    const parsed: unknown = specPath.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (!isObject(parsed)) throw new Error(`${specPath} is not an OpenAPI document`);
    this.document = parsed;
  }

  /** `$.a.b` paths of undeclared fields in a POST body for the operation at `pathKey`. */
  find(pathKey: string, body: unknown): string[] {
    const paths = this.document['paths'];
    const operation = isObject(paths) && isObject(paths[pathKey]) ? paths[pathKey]['post'] : undefined;
    const schema = this.dig(operation, ['requestBody', 'content', 'application/json', 'schema']);
    if (schema === undefined) throw new Error(`no JSON request body schema for POST ${pathKey}`);
    const found: string[] = [];
    this.walk(body, [schema], '$', found);
    return found;
  }

  private dig(node: unknown, keys: readonly string[]): Schema | undefined {
    let current = this.deref(node);
    for (const key of keys) current = isObject(current) ? this.deref(current[key]) : undefined;
    return isObject(current) ? current : undefined;
  }

  private deref(node: unknown): unknown {
    let current = node;
    for (let depth = 0; isObject(current) && typeof current['$ref'] === 'string' && depth < 32; depth += 1) {
      const pointer = current['$ref'];
      current = pointer
        .slice(2)
        .split('/')
        .reduce<unknown>((at, raw) => (isObject(at) ? at[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), this.document);
    }
    return current;
  }

  /** A schema and every branch of its allOf/anyOf/oneOf, dereferenced. */
  private flatten(schemas: readonly unknown[]): Schema[] {
    const out: Schema[] = [];
    const pending = [...schemas];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      const schema = this.deref(node);
      if (!isObject(schema) || out.includes(schema)) continue;
      out.push(schema);
      for (const key of ['allOf', 'anyOf', 'oneOf']) {
        const branches = schema[key];
        if (Array.isArray(branches)) pending.push(...(branches as unknown[]));
      }
    }
    return out;
  }

  private walk(value: unknown, schemas: readonly unknown[], at: string, found: string[]): void {
    const flat = this.flatten(schemas);
    if (Array.isArray(value)) {
      const items = flat.map((s) => s['items']).filter((s) => s !== undefined);
      value.forEach((item, index) => this.walk(item, items, `${at}[${index}]`, found));
      return;
    }
    if (!isObject(value)) return;
    const declared = flat.filter((s) => isObject(s['properties']));
    // A free-form object (a JSON Schema, tool arguments, a map) declares no properties: not checked.
    if (declared.length === 0 || flat.some((s) => s['additionalProperties'] === true || isObject(s['additionalProperties']))) return;
    for (const [key, child] of Object.entries(value)) {
      const candidates = declared.map((s) => (s['properties'] as Record<string, unknown>)[key]).filter((s) => s !== undefined);
      if (candidates.length === 0) found.push(`${at}.${key}`);
      else this.walk(child, candidates, `${at}.${key}`, found);
    }
  }
}

/** The spec path key (`/v1beta/models/{modelsId}:generateContent`) a request URL path matches. */
export function matchPathKey(keys: readonly string[], urlPath: string): string | undefined {
  return keys.find((key) => {
    const pattern = key.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(urlPath);
  });
}
