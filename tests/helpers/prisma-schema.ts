import { readFileSync } from "node:fs";

/**
 * A deliberately small reader of prisma/schema.prisma (models, scalar fields, optionality, unique constraints,
 * enums), independent of the migrations it is compared with.
 */
export type SchemaField = { name: string; type: string; optional: boolean; list: boolean; isRelation: boolean };
export type SchemaModel = { name: string; fields: SchemaField[]; uniques: string[][]; id: string[] };

export function readPrismaSchema(file = "prisma/schema.prisma") {
  const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
  const enums = new Map<string, string[]>();
  for (const m of text.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) {
    enums.set(m[1]!, m[2]!.split(/\s+/).filter(Boolean));
  }
  const modelNames = [...text.matchAll(/model\s+(\w+)\s*\{/g)].map((m) => m[1]!);
  const models: SchemaModel[] = [];
  // A block ends at a line holding only "}" (attribute values such as @default("{}") contain braces).
  for (const m of text.matchAll(/model\s+(\w+)\s*\{([\s\S]*?)\n\}/g)) {
    const fields: SchemaField[] = [];
    const uniques: string[][] = [];
    let id: string[] = [];
    for (const raw of m[2]!.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      const block = line.match(/^@@(unique|id)\(\[([^\]]*)\]/);
      if (block) {
        const cols = block[2]!.split(",").map((c) => c.trim().replace(/\(.*$/, ""));
        if (block[1] === "unique") uniques.push(cols);
        else id = cols;
        continue;
      }
      if (line.startsWith("@@")) continue;
      const field = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!field) continue;
      const [, name, type, list, optional, rest] = field;
      const isRelation = modelNames.includes(type!);
      fields.push({ name: name!, type: type!, optional: Boolean(optional), list: Boolean(list), isRelation });
      if (/@id\b/.test(rest!)) id = [name!];
      if (/@unique\b/.test(rest!)) uniques.push([name!]);
    }
    models.push({ name: m[1]!, fields, uniques, id });
  }
  return { models, enums };
}
