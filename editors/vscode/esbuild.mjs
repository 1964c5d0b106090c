// Bundles the extension (and, with --tests, its unit tests) with esbuild, so the .vsix carries
// one file and no node_modules.
import * as esbuild from "esbuild";

const tests = process.argv.includes("--tests");

await esbuild.build({
  entryPoints: tests ? ["test/executables.test.ts", "test/evaluate.test.ts", "test/testing.test.ts", "test/readonly.test.ts"] : ["src/extension.ts"],
  outdir: tests ? "out/test" : "dist",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  external: ["vscode"],
  sourcemap: !tests,
  minify: !tests,
  logLevel: "warning",
});
