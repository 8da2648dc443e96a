// The Marketing API endpoints the sandbox serves, below /3.0. Documented in sandbox/README.md.
import { Router } from "../../http";
import { deleteBatch, getBatch, listBatches, startBatch } from "../batches/batches";
import type { ApiHandler } from "./context";
import {
  createCategory,
  createInterest,
  deleteCategory,
  deleteInterest,
  getCategory,
  getInterest,
  listCategories,
  listInterests,
  updateCategory,
  updateInterest,
} from "./interests";
import { batchSubscribe, createList, getList, getLists, ping, root } from "./lists";
import {
  archiveMember,
  createMember,
  deletePermanent,
  getMember,
  listMembers,
  listSegments,
  memberTags,
  tagSearch,
  updateMember,
  updateMemberTags,
  upsertMember,
} from "./members";
import { createMergeField, deleteMergeField, getMergeField, listMergeFields, updateMergeField } from "./merge-fields";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from "./webhooks";

export function apiRouter(): Router<ApiHandler> {
  const list = "/lists/{list_id}";
  const member = `${list}/members/{subscriber_hash}`;
  const category = `${list}/interest-categories/{interest_category_id}`;
  return new Router<ApiHandler>()
    .add("GET", "/", root)
    .add("GET", "/ping", ping)
    .add("GET", "/lists", getLists)
    .add("POST", "/lists", createList)
    .add("GET", list, getList)
    .add("POST", list, batchSubscribe)
    .add("GET", `${list}/members`, listMembers)
    .add("POST", `${list}/members`, createMember)
    .add("GET", member, getMember)
    .add("PUT", member, upsertMember)
    .add("PATCH", member, updateMember)
    .add("DELETE", member, archiveMember)
    .add("POST", `${member}/actions/delete-permanent`, deletePermanent)
    .add("GET", `${member}/tags`, memberTags)
    .add("POST", `${member}/tags`, updateMemberTags)
    .add("GET", `${list}/tag-search`, tagSearch)
    .add("GET", `${list}/segments`, listSegments)
    .add("GET", `${list}/merge-fields`, listMergeFields)
    .add("POST", `${list}/merge-fields`, createMergeField)
    .add("GET", `${list}/merge-fields/{merge_id}`, getMergeField)
    .add("PATCH", `${list}/merge-fields/{merge_id}`, updateMergeField)
    .add("DELETE", `${list}/merge-fields/{merge_id}`, deleteMergeField)
    .add("GET", `${list}/interest-categories`, listCategories)
    .add("POST", `${list}/interest-categories`, createCategory)
    .add("GET", category, getCategory)
    .add("PATCH", category, updateCategory)
    .add("DELETE", category, deleteCategory)
    .add("GET", `${category}/interests`, listInterests)
    .add("POST", `${category}/interests`, createInterest)
    .add("GET", `${category}/interests/{interest_id}`, getInterest)
    .add("PATCH", `${category}/interests/{interest_id}`, updateInterest)
    .add("DELETE", `${category}/interests/{interest_id}`, deleteInterest)
    .add("GET", `${list}/webhooks`, listWebhooks)
    .add("POST", `${list}/webhooks`, createWebhook)
    .add("GET", `${list}/webhooks/{webhook_id}`, getWebhook)
    .add("PATCH", `${list}/webhooks/{webhook_id}`, updateWebhook)
    .add("DELETE", `${list}/webhooks/{webhook_id}`, deleteWebhook)
    .add("GET", "/batches", listBatches)
    .add("POST", "/batches", startBatch)
    .add("GET", "/batches/{batch_id}", getBatch)
    .add("DELETE", "/batches/{batch_id}", deleteBatch);
}
