// The sandboxes' public entry: each provider's stand-in starts as its own HTTP server.
//   startSandbox()            Constant Contact (constant-contact/)
//   startMailchimpSandbox()   Mailchimp (mailchimp/)
export { startSandbox } from "./constant-contact/server";
export type {
  RegisteredClient,
  RunningSandbox,
  SandboxConfig,
  SandboxOptions,
  SandboxState,
} from "./constant-contact/server";
export { startMailchimpSandbox } from "./mailchimp/server";
export type {
  MailchimpSandboxConfig,
  MailchimpSandboxOptions,
  RegisteredApp,
  RunningMailchimpSandbox,
} from "./mailchimp/server";
