// The repository's own sources that deploy/ must agree with: each service's application.properties and
// pom.xml, contracts' Topics.java and dev-infra's TopicSpec.java (the topic list of local runs and tests).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const OWN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/**
 * Where the services' sources are read from: this checkout, or CARTBACK_REPO_ROOT (e.g. another
 * engineer's worktree, to see what deploy/ lacks before merging their branch).
 */
export const REPO_ROOT = path.resolve(process.env.CARTBACK_REPO_ROOT ?? OWN_ROOT);
export const DEPLOY_DIR = path.join(OWN_ROOT, "deploy");

/** The suite's services (docs/conventions.md), plus any other <name>-service module that appears later. */
export const KNOWN_SERVICES = ["ingest-service", "profile-service", "funnel-service", "campaign-service"];

export function services(root = REPO_ROOT) {
  const names = new Set(KNOWN_SERVICES);
  for (const d of fs.readdirSync(root)) {
    if (/-service$/.test(d) && fs.existsSync(path.join(root, d, "pom.xml"))) names.add(d);
  }
  return [...names].sort().map((name) => {
    const props = path.join(root, name, "src/main/resources/application.properties");
    const pom = path.join(root, name, "pom.xml");
    const present = fs.existsSync(props);
    return {
      name,
      present,
      properties: present ? fs.readFileSync(props, "utf8") : null,
      pom: fs.existsSync(pom) ? fs.readFileSync(pom, "utf8") : "",
    };
  });
}

function findFile(root, name) {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop();
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === "target" || e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name === name) return p;
    }
  }
  return null;
}

/** Topics.java constants: {EVENTS: "cdp.events.v1", ...}. */
export function topicConstants(root = REPO_ROOT) {
  const file = findFile(path.join(root, "contracts"), "Topics.java");
  if (!file) throw new Error("contracts' Topics.java not found");
  const out = {};
  for (const m of fs.readFileSync(file, "utf8").matchAll(/static\s+final\s+String\s+(\w+)\s*=\s*"([^"]+)"/g)) {
    out[m[1]] = m[2];
  }
  return out;
}

/**
 * TopicSpec.all() as data: [{name, partitions, configs}]. Reads the Java source: each
 * new TopicSpec(Topics.X | "name", partitions, Map.of(k, v, ...)) where a value may be a string literal or
 * Long.toString(<integer arithmetic>).
 */
export function topicSpecs(root = REPO_ROOT) {
  const file = findFile(path.join(root, "dev-infra"), "TopicSpec.java");
  if (!file) throw new Error("dev-infra's TopicSpec.java not found");
  const src = fs.readFileSync(file, "utf8");
  const constants = topicConstants(root);
  const specs = [];
  const head = /new\s+TopicSpec\(\s*(?:Topics\.(\w+)|"([^"]+)")\s*,\s*(\d+)\s*,\s*Map\.of\(/g;
  for (const m of src.matchAll(head)) {
    const name = m[1] ? constants[m[1]] : m[2];
    if (!name) throw new Error(`TopicSpec names unknown constant Topics.${m[1]}`);
    specs.push({ name, partitions: Number(m[3]), configs: mapOf(balanced(src, m.index + m[0].length)) });
  }
  if (specs.length === 0) throw new Error(`no TopicSpec entries understood in ${file}`);
  return specs;
}

/** The text from `start` up to the parenthesis that closes the one just before it. */
function balanced(src, start) {
  let depth = 1;
  for (let i = start; i < src.length; i++) {
    if (src[i] === "(") depth++;
    else if (src[i] === ")" && --depth === 0) return src.slice(start, i);
  }
  throw new Error("unbalanced parentheses in TopicSpec.java");
}

function mapOf(args) {
  const values = [];
  const re = /"([^"]*)"|Long\.toString\(([^)]*)\)|String\.valueOf\(([^)]*)\)/g;
  for (const m of args.matchAll(re)) {
    if (m[1] !== undefined) values.push(m[1]);
    else values.push(String(arith(m[2] ?? m[3])));
  }
  const out = {};
  for (let i = 0; i + 1 < values.length; i += 2) out[values[i]] = values[i + 1];
  return out;
}

function arith(expr) {
  const clean = expr.replace(/(\d)[lL]\b/g, "$1").replace(/_/g, "");
  if (!/^[\d\s*+\-()]+$/.test(clean)) throw new Error(`cannot evaluate ${expr} in TopicSpec.java`);
  return Function(`"use strict"; return (${clean});`)();
}
