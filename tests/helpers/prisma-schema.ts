// Reads prisma/schema.prisma with a real Prisma schema parser (@mrleebo/prisma-ast), independent of the migrations
// it is compared with: models and their tables, scalar and enum fields with their columns, optionality, lists and
// native types, the primary key, unique constraints, indexes, and enums. Whatever this reader does not understand
// (a `view`, a composite `type`, `Unsupported(...)`, an ignored field) is an error, never silently left out: a
// comparison that skipped it would prove nothing about it.
import { readFileSync } from "node:fs";
import { getSchema, type Attribute, type BlockAttribute, type Enum, type Field, type Model } from "@mrleebo/prisma-ast";

/** `@db.Char(2)` → `{ name: "Char", args: ["2"] }`. */
export type NativeType = { name: string; args: string[] };
export type SchemaField = {
  name: string;
  /** The column it is stored in (`@map`, else the field name). */
  column: string;
  /** The Prisma type: a scalar (`String`), an enum or a model. */
  type: string;
  kind: "scalar" | "enum" | "relation";
  optional: boolean;
  list: boolean;
  native: NativeType | null;
};
/** Key, unique and index column lists are column names, in declaration order. */
export type SchemaModel = {
  name: string;
  table: string;
  fields: SchemaField[];
  id: string[];
  uniques: string[][];
  indexes: string[][];
};
/** Enums by their database type name, with their database values in declaration order. */
export type PrismaSchema = { models: SchemaModel[]; enums: Map<string, string[]> };

export function readPrismaSchema(file = "prisma/schema.prisma"): PrismaSchema {
  const blocks = getSchema(readFileSync(file, "utf8")).list;
  for (const block of blocks) {
    if (block.type === "view" || block.type === "type")
      throw new Error(`${block.type} ${block.name}: not handled by tests/helpers/prisma-schema.ts`);
  }
  const modelBlocks = blocks.filter((b): b is Model => b.type === "model");
  const enumBlocks = blocks.filter((b): b is Enum => b.type === "enum");
  const modelNames = new Set(modelBlocks.map((m) => m.name));
  const enumNames = new Set(enumBlocks.map((e) => e.name));

  const enums = new Map<string, string[]>();
  const enumDbNames = new Map<string, string>();
  for (const block of enumBlocks) {
    const dbName = mappedName(block.enumerators.filter(isBlockAttribute)) ?? block.name;
    enumDbNames.set(block.name, dbName);
    enums.set(
      dbName,
      block.enumerators.flatMap((e) => (e.type === "enumerator" ? [mappedName(e.attributes ?? []) ?? e.name] : [])),
    );
  }

  const models = modelBlocks.map((block): SchemaModel => {
    const where = `model ${block.name}`;
    const fieldBlocks = block.properties.filter((p): p is Field => p.type === "field");
    const blockAttributes = block.properties.filter(isBlockAttribute);
    if (blockAttributes.some((a) => a.name === "ignore")) throw new Error(`${where}: @@ignore is not handled`);

    const fields = fieldBlocks.map((field): SchemaField => {
      if (typeof field.fieldType !== "string")
        throw new Error(`${where}.${field.name}: ${field.fieldType.name}(...) is not handled`);
      const attributes = field.attributes ?? [];
      if (attributes.some((a) => a.name === "ignore" && !a.group))
        throw new Error(`${where}.${field.name}: @ignore is not handled`);
      const kind = modelNames.has(field.fieldType) ? "relation" : enumNames.has(field.fieldType) ? "enum" : "scalar";
      const native = attributes.find((a) => a.group === "db");
      return {
        name: field.name,
        column: mappedName(attributes) ?? field.name,
        type: kind === "enum" ? enumDbNames.get(field.fieldType)! : field.fieldType,
        kind,
        optional: Boolean(field.optional),
        list: Boolean(field.array),
        native: native
          ? { name: native.name, args: (native.args ?? []).map((a) => literal(a.value, `${where}.${field.name}`)) }
          : null,
      };
    });

    const columnOf = (name: string) => {
      const field = fields.find((f) => f.name === name && f.kind !== "relation");
      if (!field) throw new Error(`${where}: no scalar field ${name}`);
      return field.column;
    };
    const columnsOf = (attribute: BlockAttribute) => fieldList(attribute, where).map(columnOf);
    const fieldsWith = (name: string) =>
      fieldBlocks.filter((f) => f.attributes?.some((a) => a.name === name && !a.group)).map((f) => [columnOf(f.name)]);

    const ids = [...fieldsWith("id"), ...blockAttributes.filter((a) => a.name === "id").map(columnsOf)];
    if (ids.length !== 1) throw new Error(`${where}: expected exactly one primary key, found ${ids.length}`);
    return {
      name: block.name,
      table: mappedName(blockAttributes) ?? block.name,
      fields,
      id: ids[0]!,
      uniques: [...fieldsWith("unique"), ...blockAttributes.filter((a) => a.name === "unique").map(columnsOf)],
      indexes: blockAttributes.filter((a) => a.name === "index").map(columnsOf),
    };
  });
  return { models, enums };
}

function isBlockAttribute(node: { type: string }): node is BlockAttribute {
  return node.type === "attribute";
}

function isNode<T extends string>(value: unknown, type: T): value is { type: T } & Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && (value as { type?: unknown }).type === type
  );
}

/** The name given by `@map("x")` / `@@map("x")` (positional or `name:`), if any. */
function mappedName(attributes: ReadonlyArray<Attribute | BlockAttribute>): string | undefined {
  const map = attributes.find((a) => a.name === "map" && !a.group);
  const arg: unknown = map?.args?.[0]?.value;
  if (arg === undefined) return undefined;
  return literal(isNode(arg, "keyValue") ? arg.value : arg, "@map");
}

/** The fields of `@@id([a, b])`, `@@unique(fields: [a, b], map: "x")` or `@@index([a(sort: Desc), b])`. */
function fieldList(attribute: BlockAttribute, where: string): string[] {
  const first: unknown = attribute.args[0]?.value;
  const list: unknown = isNode(first, "keyValue") && first.key === "fields" ? first.value : first;
  if (!isNode(list, "array")) throw new Error(`${where}: cannot read @@${attribute.name}`);
  return (list.args as unknown[]).map((item) => (isNode(item, "function") ? String(item.name) : literal(item, where)));
}

/** A plain value as written, without the quotes of a string literal. */
function literal(value: unknown, where: string): string {
  if (typeof value === "string") return value.replace(/^"(.*)"$/, "$1");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`${where}: cannot read ${JSON.stringify(value)}`);
}
