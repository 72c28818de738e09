// Unknown-field detection for objects checked with kubernetes-models. Its JSON-schema validation (like
// the API server's default) ignores fields it does not know, so a typo such as `readinessprobe` would pass
// silently; `kubectl apply --validate=strict` would catch it, but needs a cluster. This walks the models'
// TypeScript declarations (the same OpenAPI definitions, as .d.ts interfaces) and reports every field that
// the type does not declare.
import fs from "node:fs";
import path from "node:path";

const LEAF = { k: "leaf" };
const cache = new Map(); // file -> {iface: Type, imports: Map<name, file>}

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function tokenize(src) {
  const tokens = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|[{}\[\]<>()|;:?,&=.])/gy;
  let m;
  while ((m = re.exec(src)) && m[1] !== undefined) tokens.push(m[1]);
  return tokens;
}

/** Parses a type starting at tokens[i]; returns [type, nextIndex]. Types: leaf | ref | arr | obj. */
function parseType(t, i, file) {
  const members = [];
  for (;;) {
    let type;
    if (t[i] === "Array" && t[i + 1] === "<") {
      const [inner, j] = parseType(t, i + 2, file);
      if (t[j] !== ">") throw new Error(`expected > in ${file} at token ${j}`);
      type = { k: "arr", of: inner };
      i = j + 1;
    } else if (t[i] === "{") {
      [type, i] = parseObject(t, i + 1, file);
    } else if (t[i] === "(") {
      [type, i] = parseType(t, i + 1, file);
      i++; // ")"
    } else {
      const name = t[i++];
      // indexed access such as IFoo["kind"] (class bodies only) -> leaf
      while (t[i] === "[") { while (t[i] !== "]") i++; i++; }
      type = /^I[A-Z]/.test(name) ? { k: "ref", name, file } : LEAF;
    }
    while (t[i] === "[" && t[i + 1] === "]") { type = { k: "arr", of: type }; i += 2; }
    members.push(type);
    if (t[i] !== "|") break;
    i++;
  }
  const structured = members.filter((m) => m !== LEAF);
  if (structured.length === 0) return [LEAF, i];
  // A union of a structure with primitives (e.g. `string | {..}`) validates the structured part only.
  return [structured[0], i];
}

function parseObject(t, i, file) {
  const fields = new Map();
  let index = null;
  while (t[i] !== "}") {
    if (t[i] === "[") { // [key: string]: T;
      while (t[i] !== "]") i++;
      i += 2; // "]" ":"
      [index, i] = parseType(t, i, file);
    } else {
      const name = t[i].startsWith('"') ? JSON.parse(t[i]) : t[i];
      i++;
      if (t[i] === "?") i++;
      i++; // ":"
      let type;
      [type, i] = parseType(t, i, file);
      fields.set(name, type);
    }
    if (t[i] === ";" || t[i] === ",") i++;
  }
  return [{ k: "obj", fields, index }, i + 1];
}

function load(file) {
  if (cache.has(file)) return cache.get(file);
  const src = stripComments(fs.readFileSync(file, "utf8"));
  const imports = new Map();
  for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
      imports.set(name.split(/\s+as\s+/).pop(), resolveModule(m[2], file));
    }
  }
  let iface = LEAF;
  const im = /export\s+interface\s+\w+(?:\s+extends\s+[\w\s,.<>]+?)?\s*\{/.exec(src);
  if (im) {
    const tokens = tokenize(src.slice(im.index + im[0].length));
    [iface] = parseObject(tokens, 0, file);
  } else {
    const tm = /export\s+declare\s+type\s+\w+\s*=\s*([^;]+);/.exec(src);
    if (tm) [iface] = parseType(tokenize(tm[1]), 0, file);
  }
  const entry = { iface, imports };
  cache.set(file, entry);
  return entry;
}

function resolveModule(spec, fromFile) {
  if (spec.startsWith(".")) return path.resolve(path.dirname(fromFile), spec) + ".d.ts";
  const parts = spec.split("/");
  const pkgLen = spec.startsWith("@") ? 2 : 1;
  const pkgDir = findPackageDir(parts.slice(0, pkgLen).join("/"), fromFile);
  return path.join(pkgDir, ...parts.slice(pkgLen)) + ".d.ts";
}

function findPackageDir(pkg, fromFile) {
  let dir = path.dirname(fromFile);
  for (;;) {
    const candidate = path.join(dir, "node_modules", pkg);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package ${pkg} not found from ${fromFile}`);
    dir = parent;
  }
}

function deref(type) {
  let guard = 0;
  while (type.k === "ref" && guard++ < 20) {
    const { imports } = load(type.file);
    const target = imports.get(type.name);
    if (!target) return LEAF; // a type declared in the same file (rare) or a primitive alias
    type = load(target).iface;
  }
  return type;
}

/** Lists "path: unknown field" problems of `value` against the declaration file of its model. */
export function unknownFields(value, declarationFile) {
  const problems = [];
  const walk = (v, type, at) => {
    type = deref(type);
    if (v === null || v === undefined || type === LEAF) return;
    if (type.k === "arr") {
      if (Array.isArray(v)) v.forEach((item, n) => walk(item, type.of, `${at}[${n}]`));
      return;
    }
    if (type.k !== "obj" || typeof v !== "object" || Array.isArray(v)) return;
    for (const [key, child] of Object.entries(v)) {
      if (type.fields.has(key)) walk(child, type.fields.get(key), `${at}.${key}`);
      else if (type.index) walk(child, type.index, `${at}.${key}`);
      else problems.push(`${at}.${key}: unknown field`);
    }
  };
  walk(value, load(declarationFile).iface, "");
  return problems.map((p) => p.replace(/^\./, ""));
}
