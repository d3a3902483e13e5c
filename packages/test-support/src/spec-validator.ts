import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { SPECS_DIR } from './shared-dir.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

export type SpecName = 'openrouter' | 'openai' | 'gemini' | 'mistral';

const SPEC_FILES: Record<SpecName, { file: string; draft2020: boolean }> = {
  openrouter: { file: 'openrouter/in.openapi.yaml', draft2020: true },
  openai: { file: 'openai/openai.prism.json', draft2020: true },
  gemini: { file: 'gemini/gemini.prism.json', draft2020: false },
  // OAS 3.1 already (`type: [T, "null"]`), so the raw spec compiles.
  mistral: { file: 'mistral/openapi.yaml', draft2020: true },
};

export interface SpecValidator {
  /**
   * Validation errors of `value` against `#/components/schemas/<schema>`, or against the JSON pointer
   * `schema` when it starts with `#/` (e.g. an inline response schema under `#/paths/…`); empty when valid.
   */
  errors(schema: string, value: unknown): string[];
}

function loadSpec(name: SpecName): Record<string, unknown> {
  const { file } = SPEC_FILES[name];
  const text = readFileSync(path.join(SPECS_DIR, file), 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`;
}

/** Ajv over an OpenAPI document: schemas are compiled lazily by component name and cached. */
export function createSpecValidator(name: SpecName): SpecValidator {
  const { draft2020 } = SPEC_FILES[name];
  const options = { strict: false, allErrors: true, validateFormats: true } as const;
  const ajv = draft2020 ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv as Ajv);
  // Google's discovery formats are strings with documented syntaxes Ajv does not know.
  for (const format of ['google-duration', 'google-datetime', 'google-fieldmask', 'byte', 'int64', 'uint64']) {
    if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  }
  const spec = loadSpec(name);
  const id = `https://switchyard.test/${name}.json`;
  ajv.addSchema({ ...spec, $id: id });
  const cache = new Map<string, ValidateFunction>();
  return {
    errors(schema, value) {
      let validate = cache.get(schema);
      if (validate === undefined) {
        validate = ajv.getSchema(schema.startsWith('#/') ? `${id}${schema}` : `${id}#/components/schemas/${schema}`);
        if (validate === undefined) throw new Error(`${name} spec has no schema ${schema}`);
        cache.set(schema, validate);
      }
      return validate(value) ? [] : (validate.errors ?? []).map(describe);
    },
  };
}
