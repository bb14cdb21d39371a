// Parse scripts with acorn (npm package "acorn") at the supported browsers' ECMAScript version.
// Usage: node es-check.cjs MODULE_DIR < scripts.json → prints, for each script, null or the first error.
// scripts.json: [{"name": …, "source": …, "ecmaVersion": 2018 | 5, "sourceType": "script" | "module"}].
//
// ECMAScript 2018 has no dynamic import(), which the search dialog needs for Pagefind's module and
// which every browser with ES2018 syntax has too (Chrome 63, Firefox 67, Safari 11.1). So a 2018
// script is parsed as 2020, the first version acorn reads import() in, and the other syntax of 2019
// and 2020 is then refused node by node.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");
const acorn = require(path.resolve(process.argv[2], "acorn"));

// What ES2019 and ES2020 add to the syntax, import() aside: [test on a node, what to say].
const NEWER = [
  [(node) => node.type === "Literal" && node.bigint !== undefined, "BigInt literal (ES2020)"],
  [(node) => node.type === "ChainExpression", "optional chaining ?. (ES2020)"],
  [(node) => node.type === "LogicalExpression" && node.operator === "??", "nullish coalescing ?? (ES2020)"],
  [(node) => node.type === "MetaProperty" && node.meta.name === "import", "import.meta (ES2020)"],
  [(node) => node.type === "ExportAllDeclaration" && node.exported, "export * as name (ES2020)"],
  [(node) => node.type === "CatchClause" && !node.param, "catch without a binding (ES2019)"],
];

function* nodes(node) {
  yield node;
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child.type === "string") { yield* nodes(child); }
    }
  }
}

function check({ source, ecmaVersion, sourceType = "script" }) {
  const parsed = ecmaVersion === 2018 ? 2020 : ecmaVersion;
  let tree;
  try {
    tree = acorn.parse(source, { ecmaVersion: parsed, sourceType, locations: true });
  } catch (error) {
    return error.message;
  }
  if (parsed === ecmaVersion) { return null; }
  for (const node of nodes(tree)) {
    const newer = NEWER.find(([test]) => test(node));
    if (newer) { return `${newer[1]} (${node.loc.start.line}:${node.loc.start.column})`; }
  }
  return null;
}

const scripts = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(scripts.map(check)) + "\n");
