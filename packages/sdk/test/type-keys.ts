/** The property names of the SDK's exported types, read from its source with the TypeScript checker. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface TypeKeys {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');

/** The object member of a type: null/undefined removed, arrays unwrapped, the object member of a union. */
function objectPart(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  let current = checker.getNonNullableType(type);
  if (checker.isArrayType(current)) current = checker.getTypeArguments(current as ts.TypeReference)[0] ?? current;
  if (current.isUnion()) current = current.types.find((member) => member.getProperties().length > 0) ?? current;
  return current;
}

/** Reads `TypeName` or `TypeName.prop.prop` (the nested object type of a property) for each path. */
export function readTypeKeys(paths: readonly string[]): Map<string, TypeKeys> {
  const program = ts.createProgram([INDEX], {
    strict: true,
    exactOptionalPropertyTypes: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`cannot read ${INDEX}`);
  const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
  const result = new Map<string, TypeKeys>();
  for (const typePath of paths) {
    const [name = '', ...props] = typePath.split('.');
    const symbol = exported.get(name);
    if (symbol === undefined) throw new Error(`@switchyard/sdk exports no type ${name}`);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    let type = checker.getDeclaredTypeOfSymbol(target);
    for (const prop of props) {
      const member = type.getProperty(prop);
      if (member === undefined) throw new Error(`${typePath}: no property ${prop}`);
      type = objectPart(checker, checker.getTypeOfSymbol(member));
    }
    const required: string[] = [];
    const optional: string[] = [];
    for (const property of type.getProperties()) (property.flags & ts.SymbolFlags.Optional ? optional : required).push(property.name);
    result.set(typePath, { required, optional });
  }
  return result;
}
