import NextAuth from "next-auth";
import { answerBeforeNextAuth } from "@/lib/auth/answer-before-next-auth";
import { authOptions } from "@/lib/auth/options";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so the secret is read at run time, not at build time. Requests next-auth would fail with a 500
// (or answer for an ended session) are answered first.
const handler: Handler = async (request, context) => {
  const answered = await answerBeforeNextAuth(request, (await context.params).nextauth);
  return answered ?? (NextAuth(authOptions()) as Handler)(request, context);
};

export { handler as GET, handler as POST };
