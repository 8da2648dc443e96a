import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so the secret is read at run time, not at build time.
const handler: Handler = (request, context) => (NextAuth(authOptions()) as Handler)(request, context);

export { handler as GET, handler as POST };
