-- Staff sessions are JWTs carrying the user's session version; a session whose version is not the user's current one
-- is refused (lib/auth/session-user.ts). Signing out bumps it in code; the triggers below bump it on every change that
-- must end a user's sessions, whichever code path (or a manual fix in SQL) makes the change.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- A new password or a changed platform role (support granted or taken away).
CREATE FUNCTION "User_end_sessions_on_credential_change"() RETURNS trigger AS $$
BEGIN
  IF NEW."passwordHash" IS DISTINCT FROM OLD."passwordHash" OR NEW."platformRole" IS DISTINCT FROM OLD."platformRole" THEN
    NEW."sessionVersion" := OLD."sessionVersion" + 1;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "User_end_sessions_on_credential_change"
  BEFORE UPDATE OF "passwordHash", "platformRole" ON "User"
  FOR EACH ROW EXECUTE FUNCTION "User_end_sessions_on_credential_change"();

-- A membership removed (or its business deleted) or its role changed.
CREATE FUNCTION "Membership_end_user_sessions"() RETURNS trigger AS $$
BEGIN
  UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE "id" = OLD."userId";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Membership_end_sessions_on_delete"
  AFTER DELETE ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION "Membership_end_user_sessions"();

CREATE TRIGGER "Membership_end_sessions_on_role_change"
  AFTER UPDATE OF "role" ON "Membership"
  FOR EACH ROW WHEN (OLD."role" IS DISTINCT FROM NEW."role")
  EXECUTE FUNCTION "Membership_end_user_sessions"();
