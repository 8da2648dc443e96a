// Groups: /lists/{list_id}/interest-categories and their interests. An audience has at most 60 group names.
import { z } from "zod";
import { json, type Reply } from "../../http";
import { hexId } from "../ids";
import type { Interest, InterestCategory } from "../model";
import { invalidResource, notFound } from "../problem";
import { parseBody } from "./body";
import type { ApiContext } from "./context";
import { links, page, paging } from "./format";
import { listOf } from "./lookup";
import { categoryView, interestView } from "./views";

/** Old Mailchimp help: "Groups fields can have up to 60 ... subcategories" (group names per audience). */
export const MAX_INTERESTS = 60;

const CategoryBody = z
  .object({
    title: z.string().min(1).max(100),
    type: z.enum(["checkboxes", "dropdown", "radio", "hidden"]),
    display_order: z.number().int().optional(),
  })
  .passthrough();
const InterestBody = z
  .object({ name: z.string().min(1).max(100), display_order: z.number().int().optional() })
  .passthrough();

function categoryOf(ctx: ApiContext) {
  const list = listOf(ctx);
  const category = list.categories.find((c) => c.id === ctx.params.interest_category_id);
  if (!category) throw notFound();
  return { list, category };
}

function interestOf(ctx: ApiContext) {
  const { list, category } = categoryOf(ctx);
  const interest = list.interests.find((i) => i.id === ctx.params.interest_id && i.categoryId === category.id);
  if (!interest) throw notFound();
  return { list, category, interest };
}

export function listCategories(ctx: ApiContext): Reply {
  const list = listOf(ctx);
  const listId = list.list.listId;
  return json(200, {
    list_id: listId,
    categories: page(list.categories, paging(ctx.url)).map((c) => categoryView(ctx.sandbox, list, c)),
    total_items: list.categories.length,
    _links: links(ctx.sandbox, `/lists/${listId}/interest-categories`),
  });
}

export function getCategory(ctx: ApiContext): Reply {
  const { list, category } = categoryOf(ctx);
  return json(200, categoryView(ctx.sandbox, list, category));
}

export async function createCategory(ctx: ApiContext): Promise<Reply> {
  const list = listOf(ctx);
  const input = parseBody(CategoryBody, await ctx.body());
  if (list.categories.some((c) => c.title.toLowerCase() === input.title.toLowerCase()))
    throw invalidResource([{ field: "title", message: `The interest category "${input.title}" already exists.` }]);
  const category: InterestCategory = {
    id: hexId(10),
    title: input.title,
    type: input.type,
    displayOrder: input.display_order ?? list.categories.length,
  };
  list.categories.push(category);
  ctx.sandbox.state.touch();
  return json(200, categoryView(ctx.sandbox, list, category));
}

export async function updateCategory(ctx: ApiContext): Promise<Reply> {
  const { list, category } = categoryOf(ctx);
  const input = parseBody(CategoryBody.partial().passthrough(), await ctx.body());
  if (input.title !== undefined) category.title = input.title;
  if (input.type !== undefined) category.type = input.type;
  if (input.display_order !== undefined) category.displayOrder = input.display_order;
  ctx.sandbox.state.touch();
  return json(200, categoryView(ctx.sandbox, list, category));
}

/** Deleting a category deletes its interests and every member's choices of them. */
export function deleteCategory(ctx: ApiContext): Reply {
  const { list, category } = categoryOf(ctx);
  const gone = new Set(list.interests.filter((i) => i.categoryId === category.id).map((i) => i.id));
  list.categories = list.categories.filter((c) => c !== category);
  list.interests = list.interests.filter((i) => !gone.has(i.id));
  for (const member of list.members) for (const id of gone) delete member.interests[id];
  ctx.sandbox.state.touch();
  return { status: 204 };
}

export function listInterests(ctx: ApiContext): Reply {
  const { list, category } = categoryOf(ctx);
  const interests = list.interests.filter((i) => i.categoryId === category.id);
  const listId = list.list.listId;
  return json(200, {
    interests: page(interests, paging(ctx.url)).map((i) => interestView(ctx.sandbox, list, i)),
    list_id: listId,
    category_id: category.id,
    total_items: interests.length,
    _links: links(ctx.sandbox, `/lists/${listId}/interest-categories/${category.id}/interests`),
  });
}

export function getInterest(ctx: ApiContext): Reply {
  const { list, interest } = interestOf(ctx);
  return json(200, interestView(ctx.sandbox, list, interest));
}

export async function createInterest(ctx: ApiContext): Promise<Reply> {
  const { list, category } = categoryOf(ctx);
  const input = parseBody(InterestBody, await ctx.body());
  if (list.interests.length >= MAX_INTERESTS)
    throw invalidResource(
      [{ field: "name", message: `An audience can have at most ${MAX_INTERESTS} group names.` }],
      `This audience already has ${MAX_INTERESTS} group names, the most it can have.`,
    );
  if (list.interests.some((i) => i.categoryId === category.id && i.name.toLowerCase() === input.name.toLowerCase()))
    throw invalidResource([
      { field: "name", message: `The group name "${input.name}" already exists in this category.` },
    ]);
  const interest: Interest = {
    id: hexId(10),
    categoryId: category.id,
    name: input.name,
    displayOrder: input.display_order ?? list.interests.filter((i) => i.categoryId === category.id).length + 1,
  };
  list.interests.push(interest);
  ctx.sandbox.state.touch();
  return json(200, interestView(ctx.sandbox, list, interest));
}

export async function updateInterest(ctx: ApiContext): Promise<Reply> {
  const { list, interest } = interestOf(ctx);
  const input = parseBody(InterestBody.partial().passthrough(), await ctx.body());
  if (input.name !== undefined) interest.name = input.name;
  if (input.display_order !== undefined) interest.displayOrder = input.display_order;
  ctx.sandbox.state.touch();
  return json(200, interestView(ctx.sandbox, list, interest));
}

export function deleteInterest(ctx: ApiContext): Reply {
  const { list, interest } = interestOf(ctx);
  list.interests = list.interests.filter((i) => i !== interest);
  for (const member of list.members) delete member.interests[interest.id];
  ctx.sandbox.state.touch();
  return { status: 204 };
}
