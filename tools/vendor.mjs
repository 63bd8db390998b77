// `make vendor`: bundles the browser form's JSON Schema validator (ajv's draft 2020-12 class with
// ajv-formats, versions pinned in package.json) from node_modules into one file the site serves,
// docs/javascripts/vendor/ajv2020.min.js, with every bundled package's licence beside it. Both
// files are committed, so building the site needs nothing but Python.
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(repo, "docs", "javascripts", "vendor");
const entry = `
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
globalThis.PsnAjv = { Ajv2020, addFormats };
`;

const result = await build({
  stdin: { contents: entry, resolveDir: repo, loader: "js" },
  bundle: true, minify: true, format: "iife", target: "es2019", platform: "browser",
  legalComments: "none", metafile: true, write: false, logLevel: "warning",
});

// Every package that ended up in the bundle, from esbuild's list of inputs.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match && !packages.has(match[1])) {
    const folder = join(repo, "node_modules", match[1]);
    const meta = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    const licence = readdirSync(folder).find((name) => /^licen[cs]e/i.test(name));
    if (!licence) throw new Error(`${match[1]} has no licence file: refusing to bundle it`);
    packages.set(match[1], { version: meta.version, license: meta.license, text: readFileSync(join(folder, licence), "utf8") });
  }
}
const names = [...packages.keys()].sort();
const listed = names.map((name) => `${name}@${packages.get(name).version} (${packages.get(name).license})`).join(", ");
const header = `/*! Bundled by tools/vendor.mjs (make vendor) from npm: ${listed}. Licences: ajv2020.LICENSES.txt */\n`;
writeFileSync(join(out, "ajv2020.min.js"), header + result.outputFiles[0].text);
writeFileSync(join(out, "ajv2020.LICENSES.txt"),
  "Licences of the packages bundled into ajv2020.min.js (the browser form's JSON Schema validator).\n\n" +
  names.map((name) => { const p = packages.get(name); return `${"=".repeat(72)}\n${name} ${p.version} (${p.license})\n${"=".repeat(72)}\n\n${p.text.trim()}\n`; }).join("\n"));
console.log(`wrote docs/javascripts/vendor/ajv2020.min.js and ajv2020.LICENSES.txt: ${listed}`);
