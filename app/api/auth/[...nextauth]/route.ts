import NextAuth from "next-auth";
import { answerBeforeNextAuth } from "@/lib/auth/answer-before-next-auth";
import { deviceCookieHeader } from "@/lib/auth/device-cookie";
import { authOptions } from "@/lib/auth/options";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so the secret is read at run time, not at build time. Requests next-auth would fail with a 500
// (or answer for an ended session) are answered first; a successful sign-in's answer also keeps the device cookie.
const handler: Handler = async (request, context) => {
  const answered = await answerBeforeNextAuth(request, (await context.params).nextauth);
  if (answered) return answered;
  let deviceCookie: string | undefined;
  const response = await (NextAuth(authOptions({ onDeviceCookie: (value) => (deviceCookie = value) })) as Handler)(
    request,
    context,
  );
  if (!deviceCookie) return response;
  const headers = new Headers(response.headers);
  headers.append("set-cookie", deviceCookieHeader(deviceCookie));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

export { handler as GET, handler as POST };
