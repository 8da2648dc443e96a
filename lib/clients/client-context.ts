import type { AuditActor } from "../audit";

/**
 * What every function in lib/clients needs to know about the caller: the business (put into every `where`) and
 * the audit identity. A staff `BusinessContext` fits; so does a hand-made object in tests, a portal session or the
 * sync engine, none of which have Next's request scope.
 */
export type ClientsContext = { businessId: string; actor: AuditActor };
