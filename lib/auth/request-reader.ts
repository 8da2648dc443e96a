// What code serving a request reads from it: who is signed in, and a cookie. In production that is Next's request
// (nextRequest); the action layers take it as a parameter because cookies() and the session exist only inside a Next
// request, so their tests pass a reader of their own.
import { cookies } from "next/headers";
import { currentUser, type SessionUser } from "./session";

export type RequestReader = {
  user(): Promise<SessionUser | null>;
  cookie(name: string): Promise<string | undefined>;
};

export const nextRequest: RequestReader = {
  user: currentUser,
  cookie: async (name) => (await cookies()).get(name)?.value,
};
