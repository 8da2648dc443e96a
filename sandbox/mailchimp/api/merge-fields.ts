// /lists/{list_id}/merge-fields: the audience's fields (FNAME, LNAME, ADDRESS, PHONE to start with), at most 30.
import { z } from "zod";
import { json, type Reply } from "../../http";
import { MERGE_FIELD_TYPES, type MergeField } from "../model";
import { invalidResource, notFound } from "../problem";
import { parseBody } from "./body";
import type { ApiContext } from "./context";
import { links, page, paging } from "./format";
import { listOf } from "./lookup";
import { mergeFieldView } from "./views";

/** Mailchimp's cap per audience ("you cannot create more merge fields than 30"). */
export const MAX_MERGE_FIELDS = 30;
/** Upper-case letters, digits and underscores, at most 10 characters (3rd-party; Mailchimp cuts longer tags). */
const TAG_PATTERN = /^[A-Z][A-Z0-9_]{0,9}$/;
const RESERVED_TAGS = new Set(["EMAIL", "INTERESTS", "GROUPINGS"]);

const Options = z
  .object({
    default_country: z.number().optional(),
    phone_format: z.string().optional(),
    date_format: z.string().optional(),
    choices: z.array(z.string()).optional(),
    size: z.number().optional(),
  })
  .passthrough();

const CreateBody = z
  .object({
    name: z.string().min(1).max(100),
    type: z.enum(MERGE_FIELD_TYPES),
    tag: z.string().optional(),
    required: z.boolean().optional(),
    default_value: z.string().optional(),
    public: z.boolean().optional(),
    display_order: z.number().int().optional(),
    options: Options.optional(),
    help_text: z.string().optional(),
  })
  .passthrough();

const UpdateBody = CreateBody.omit({ type: true }).partial().passthrough();

function fieldOf(ctx: ApiContext) {
  const list = listOf(ctx);
  const field = list.mergeFields.find((f) => String(f.mergeId) === ctx.params.merge_id);
  if (!field) throw notFound();
  return { list, field };
}

function checkTag(list: ReturnType<typeof listOf>, tag: string, self?: MergeField): void {
  if (!TAG_PATTERN.test(tag) || RESERVED_TAGS.has(tag))
    throw invalidResource([
      {
        field: "tag",
        message: `The merge tag "${tag}" is invalid: use up to 10 upper-case letters, digits and underscores.`,
      },
    ]);
  if (list.mergeFields.some((f) => f.tag === tag && f !== self))
    throw invalidResource([
      { field: "tag", message: `A Merge Field with the tag "${tag}" already exists for this list.` },
    ]);
}

export function listMergeFields(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const type = ctx.url.searchParams.get("type");
  const required = ctx.url.searchParams.get("required");
  const fields = list.mergeFields.filter(
    (f) => (!type || f.type === type) && (required === null || String(f.required) === required),
  );
  return json(200, {
    merge_fields: page(fields, paging(ctx.url)).map((f) => mergeFieldView(ctx.sandbox, list, f)),
    list_id: list.list.listId,
    total_items: fields.length,
    _links: links(ctx.sandbox, `/lists/${list.list.listId}/merge-fields`),
  });
}

export function getMergeField(ctx: ApiContext): Reply {
  const { list, field } = fieldOf(ctx);
  return json(200, mergeFieldView(ctx.sandbox, list, field));
}

export async function createMergeField(ctx: ApiContext): Promise<Reply> {
  const list = listOf(ctx);
  const input = parseBody(CreateBody, await ctx.body());
  if (list.mergeFields.length >= MAX_MERGE_FIELDS)
    throw invalidResource(
      [{ field: "", message: `You cannot create more merge fields than ${MAX_MERGE_FIELDS}.` }],
      `This audience already has ${MAX_MERGE_FIELDS} merge fields, the most it can have.`,
    );
  const mergeId = list.nextMergeId++;
  const tag = input.tag?.trim().toUpperCase() || `MMERGE${mergeId}`;
  checkTag(list, tag);
  const field: MergeField = {
    mergeId,
    tag,
    name: input.name,
    type: input.type,
    required: input.required ?? false,
    defaultValue: input.default_value ?? "",
    public: input.public ?? false,
    displayOrder: input.display_order ?? list.mergeFields.length + 2,
    helpText: input.help_text ?? "",
    options: { ...defaultOptions(input.type), ...(input.options ?? {}) },
  };
  list.mergeFields.push(field);
  ctx.sandbox.state.touch();
  return json(200, mergeFieldView(ctx.sandbox, list, field));
}

function defaultOptions(type: MergeField["type"]): Record<string, unknown> {
  if (type === "address") return { default_country: 164 };
  if (type === "phone") return { phone_format: "none" };
  if (type === "date") return { date_format: "MM/DD/YYYY" };
  if (type === "birthday") return { date_format: "MM/DD" };
  if (type === "radio" || type === "dropdown") return { choices: [] };
  return { size: 25 };
}

export async function updateMergeField(ctx: ApiContext): Promise<Reply> {
  const { list, field } = fieldOf(ctx);
  const input = parseBody(UpdateBody, await ctx.body());
  if (input.tag !== undefined) {
    const tag = input.tag.trim().toUpperCase();
    checkTag(list, tag, field);
    if (tag !== field.tag)
      for (const member of list.members)
        if (field.tag in member.mergeFields) {
          member.mergeFields[tag] = member.mergeFields[field.tag]!;
          delete member.mergeFields[field.tag];
        }
    field.tag = tag;
  }
  if (input.name !== undefined) field.name = input.name;
  if (input.required !== undefined) field.required = input.required;
  if (input.default_value !== undefined) field.defaultValue = input.default_value;
  if (input.public !== undefined) field.public = input.public;
  if (input.display_order !== undefined) field.displayOrder = input.display_order;
  if (input.help_text !== undefined) field.helpText = input.help_text;
  if (input.options !== undefined) field.options = { ...field.options, ...input.options };
  ctx.sandbox.state.touch();
  return json(200, mergeFieldView(ctx.sandbox, list, field));
}

/** Deleting a field deletes its values from every member. */
export function deleteMergeField(ctx: ApiContext): Reply {
  const { list, field } = fieldOf(ctx);
  list.mergeFields = list.mergeFields.filter((f) => f !== field);
  for (const member of list.members) delete member.mergeFields[field.tag];
  ctx.sandbox.state.touch();
  return { status: 204 };
}
