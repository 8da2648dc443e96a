import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { authorizeCredentials } from "./authorize-credentials";
import { clientAddress } from "./client-address";
import { readDeviceCookie } from "./device-cookie";
import { endUserSessions } from "./end-user-sessions";
import { SessionClaims } from "./session-user";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Secure cookies (and their `__Secure-`/`__Host-` names) whenever the public URL is https. */
export function usesSecureCookies(appUrl = env().APP_URL): boolean {
  return new URL(appUrl).protocol === "https:";
}

/** The session cookie's name: next-auth's own, so that existing sessions survive this being spelled out here. */
export function sessionCookieName(appUrl = env().APP_URL): string {
  return `${usesSecureCookies(appUrl) ? "__Secure-" : ""}next-auth.session-token`;
}

/**
 * next-auth v4 reads NEXTAUTH_URL from process.env on every request (the origin of its redirects, sign-out's
 * included) and falls back to http://localhost:3000 without it. APP_URL is the one setting: it is copied here,
 * before next-auth runs, so production never depends on a second variable being set to the same value.
 */
function pointNextAuthAtAppUrl(appUrl: string): void {
  process.env.NEXTAUTH_URL = appUrl;
}

/**
 * next-auth v4: email + password, JWT sessions carrying the user id and the user's session version (roles are read
 * fresh from the database; see lib/auth/session-user.ts for when a session ends). A successful sign-in hands the
 * browser's device cookie (lib/auth/device-cookie.ts) to `onDeviceCookie`: the route handler adds it to the answer.
 */
export function authOptions(hooks: { onDeviceCookie?: (value: string) => void } = {}): NextAuthOptions {
  const { APP_URL, NEXTAUTH_SECRET } = env();
  pointNextAuthAtAppUrl(APP_URL);
  const secure = usesSecureCookies(APP_URL);
  return {
    secret: NEXTAUTH_SECRET,
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        name: sessionCookieName(APP_URL),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const result = await authorizeCredentials(credentials, {
            address: clientAddress(req.headers),
            deviceCookie: await readDeviceCookie(),
          });
          // next-auth hands a thrown message to the login form as `error`.
          if (!result.ok) throw new Error(result.message);
          hooks.onDeviceCookie?.(result.deviceCookie);
          return result.user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // On sign-in `user` is what authorize() returned.
        if (user) {
          token.sub = user.id;
          token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, sessionVersion: token.sessionVersion };
      },
    },
    events: {
      async signOut({ token }) {
        const claims = SessionClaims.safeParse({ userId: token?.sub, sessionVersion: token?.sessionVersion });
        if (claims.success) await endUserSessions(claims.data);
      },
    },
  };
}
