// Just enough typing of Mailchimp's official Node SDK (which ships none) for the conformance test: every call answers
// a promise of the parsed JSON body (null for 204), or rejects with superagent's error (`status`, `response.body`).
declare module "@mailchimp/mailchimp_marketing" {
  type Call = (...args: unknown[]) => Promise<unknown>;
  /** The methods of `lists` the conformance test calls (the SDK has many more). */
  type ListsMethod =
    | "getAllLists"
    | "getList"
    | "batchListMembers"
    | "getListMembersInfo"
    | "getListMember"
    | "addListMember"
    | "setListMember"
    | "updateListMember"
    | "deleteListMember"
    | "deleteListMemberPermanent"
    | "getListMergeFields"
    | "getListMergeField"
    | "addListMergeField"
    | "updateListMergeField"
    | "deleteListMergeField"
    | "getListInterestCategories"
    | "createListInterestCategory"
    | "listInterestCategoryInterests"
    | "createInterestCategoryInterest"
    | "updateListMemberTags"
    | "getListMemberTags"
    | "tagSearch"
    | "createListWebhook"
    | "getListWebhooks"
    | "getListWebhook"
    | "deleteListWebhook";
  interface MailchimpClient {
    /** `https://server.api.mailchimp.com/3.0` until a test points it at the sandbox. */
    basePath: string;
    setConfig(config: { accessToken?: string; apiKey?: string; server?: string }): void;
    ping: { get: Call };
    root: { getRoot: Call };
    lists: Record<ListsMethod, Call>;
    batches: Record<"start" | "status" | "list" | "deleteRequest", Call>;
  }
  const client: MailchimpClient;
  export default client;
}
