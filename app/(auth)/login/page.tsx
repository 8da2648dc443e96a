import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/auth/return-path";
import { currentUser } from "@/lib/auth/session";
import { LoginForm } from "@/components/auth/login-form";

export const metadata = { title: "Log in · Studio Manager" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  // Back to the page that sent the visitor here, on this site only (lib/auth/return-path.ts).
  const returnPath = safeReturnPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnPath);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold">Log in</h1>
        <p className="mt-1 text-sm text-slate-600">Studio Manager for staff and owners.</p>
        <LoginForm returnPath={returnPath} />
      </div>
    </main>
  );
}
