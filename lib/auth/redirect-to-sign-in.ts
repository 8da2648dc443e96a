import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { REQUEST_PATH_HEADER, signInPath } from "./return-path";

/** Sends a signed-out visitor to the login page, which brings them back to the page they asked for. */
export async function redirectToSignIn(): Promise<never> {
  const asked = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
  redirect(signInPath(asked));
}
