// Renders deploy/ with `kubectl kustomize` in a throwaway copy whose git-ignored secret files are freshly
// written by deploy/secrets.sh, so the check never touches (or needs) a developer's real secrets and
// every Secret value in the output is known to come from an uncommitted file.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { DEPLOY_DIR } from "./repo.mjs";

export const OVERLAYS = ["dev", "prod"];

export function kubectlVersion() {
  try {
    const out = execFileSync("kubectl", ["version", "--client"], { encoding: "utf8" });
    const kustomize = /Kustomize Version:\s*v?(\d+)\.(\d+)/.exec(out);
    return { out: out.trim(), kustomizeMajor: kustomize ? Number(kustomize[1]) : 0 };
  } catch (e) {
    return null;
  }
}

function copyDeploy(src, dst) {
  fs.cpSync(src, dst, {
    recursive: true,
    filter: (p) => {
      const rel = path.relative(src, p);
      if (rel.split(path.sep).includes("node_modules")) return false;
      return !/^overlays\/[^/]+\/secrets\/.+\.env$/.test(rel); // never read the developer's real secrets
    },
  });
}

/** Reads KEY=VALUE lines of every secrets/*.env in an overlay of the copy: the values a render may contain. */
function generatedValues(overlayDir) {
  const values = new Set();
  const dir = path.join(overlayDir, "secrets");
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".env"))) {
    for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) values.add(line.slice(eq + 1));
    }
  }
  return values;
}

export function parseYamlStream(text) {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join("; "));
    return d.toJS();
  }).filter(Boolean);
}

/**
 * @returns {{renders: Map<string, {objects: object[], secretValues: Set<string>}>}}
 *   keyed "base", "dev", "prod"
 */
export function renderAll(deployDir = DEPLOY_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-deploy-"));
  try {
    copyDeploy(deployDir, dir);
    const renders = new Map();
    for (const target of ["base", ...OVERLAYS]) {
      const targetDir = target === "base" ? path.join(dir, "base") : path.join(dir, "overlays", target);
      if (target !== "base") {
        execFileSync(path.join(dir, "secrets.sh"), [target], {
          env: { ...process.env, SMTP_USER: "ci-smtp-user", SMTP_PASSWORD: "ci-smtp-password" },
          stdio: "ignore",
        });
      }
      const yaml = execFileSync("kubectl", ["kustomize", targetDir], { encoding: "utf8", maxBuffer: 64 << 20 });
      renders.set(target, {
        objects: parseYamlStream(yaml),
        secretValues: target === "base" ? new Set() : generatedValues(targetDir),
      });
    }
    return { renders };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true }); // the throwaway secrets go with it
  }
}
