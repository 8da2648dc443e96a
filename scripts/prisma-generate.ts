// `prisma generate` without network: Prisma 7's CLI insists on locating its native schema engine even for
// generate, which does not use it (ENVIRONMENT.md). Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// satisfies the check; where the engine is installed normally this variable is harmless.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["prisma", "generate", "--schema", "prisma/schema.prisma"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
