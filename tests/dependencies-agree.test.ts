import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// A fresh `npm install` must print no peer-dependency conflict (ERESOLVE): a newcomer cannot tell a harmless warning
// from a broken install. npm ls checks the lockfile's tree against package.json and against every package's declared
// peer dependencies (e.g. eslint-config-next's plugins want ESLint ≤ 9), and names each one that does not agree.
describe("package-lock.json", () => {
  it("satisfies every peer dependency and package.json's ranges", () => {
    const result = spawnSync("npm", ["ls", "--all", "--package-lock-only"], { encoding: "utf8" });
    const problems = result.stderr.split("\n").filter((line) => /invalid|missing|extraneous|ERESOLVE|peer/i.test(line));
    expect(problems).toEqual([]);
    expect(result.status).toBe(0);
  });
});
