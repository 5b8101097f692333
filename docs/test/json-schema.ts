/**
 * A validator for the subset of JSON Schema (2020-12) that docs/event.schema.json uses, so the schema is checked
 * without a dependency. A keyword outside the subset is an error, never silently ignored: the schema cannot
 * promise more than this validator checks.
 */
type Schema = { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$comment', 'examples']);
const KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'pattern', 'minimum', 'format', '$ref', '$defs']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Problems of `value` against `root`, as `path: message` lines; empty when it is valid. */
export function validate(root: Schema, value: unknown): string[] {
  const problems: string[] = [];
  check(root, value, '$');
  return problems;

  function check(schema: Schema, v: unknown, path: string): void {
    for (const keyword of Object.keys(schema)) {
      if (!KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`schema keyword "${keyword}" is not supported (at ${path})`);
    }
    if (typeof schema.$ref === 'string') {
      const name = /^#\/\$defs\/([\w-]+)$/.exec(schema.$ref)?.[1];
      const target = name && (root.$defs as Record<string, Schema> | undefined)?.[name];
      if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
      check(target, v, path);
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => isType(v, t))) return void problems.push(`${path}: expected ${types.join(' or ')}, got ${kindOf(v)}`);
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (typeof v === 'string') {
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) problems.push(`${path}: ${JSON.stringify(v)} does not match ${schema.pattern}`);
      if (schema.format === 'date-time' && !(DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)))) problems.push(`${path}: ${JSON.stringify(v)} is not an ISO 8601 date-time`);
    }
    if (typeof v === 'number' && typeof schema.minimum === 'number' && v < schema.minimum) problems.push(`${path}: ${v} is below ${schema.minimum}`);
    if (Array.isArray(v) && schema.items) v.forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`));
    if (isType(v, 'object')) {
      const object = v as Record<string, unknown>;
      for (const key of (schema.required as string[] | undefined) ?? []) {
        if (!Object.hasOwn(object, key)) problems.push(`${path}: required "${key}" is missing`);
      }
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [key, item] of Object.entries(object)) {
        const at = `${path}.${key}`;
        if (Object.hasOwn(properties, key)) check(properties[key]!, item, at);
        else if (schema.additionalProperties === false) problems.push(`${at}: not in the schema`);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, item, at);
      }
    }
  }
}

function isType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'null':
      return v === null;
    default:
      throw new Error(`schema type "${type}" is not supported`);
  }
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
