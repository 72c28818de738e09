// Schema validation of rendered objects, offline: Kubernetes kinds against kubernetes-models 4.5.1
// (Kubernetes 1.27 OpenAPI) plus an unknown-field walk; ServiceMonitor against
// @kubernetes-models/prometheus-operator; Strimzi and CloudNativePG kinds against the pinned schemas in
// ../schemas. An object of any other kind is an error: everything deploy/ ships gets validated.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { unknownFields } from "./strict-fields.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const MODEL_PACKAGES = [
  { pkg: "kubernetes-models", groups: (g) => !g.includes(".") || g.endsWith(".k8s.io") },
  { pkg: "@kubernetes-models/prometheus-operator", groups: (g) => g === "monitoring.coreos.com" },
];

const CRD_SCHEMAS = {
  "kafka.strimzi.io/v1/Kafka": "strimzi-kafka.json",
  "kafka.strimzi.io/v1/KafkaNodePool": "strimzi-kafkanodepool.json",
  "kafka.strimzi.io/v1/KafkaTopic": "strimzi-kafkatopic.json",
  "postgresql.cnpg.io/v1/Cluster": "cnpg-cluster.json",
  "postgresql.cnpg.io/v1/Database": "cnpg-database.json",
};

let ajv;
function crdValidator(file) {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(here, "../schemas/_common.json"), "utf8")));
    for (const f of Object.values(CRD_SCHEMAS)) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(here, "../schemas", f), "utf8")));
    }
  }
  return ajv.getSchema(file);
}

function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const entry = MODEL_PACKAGES.find((p) => p.groups(group));
  if (!entry) return null;
  const pkgDir = path.dirname(require.resolve(`${entry.pkg}/package.json`));
  const declaration = path.join(pkgDir, apiVersion, `${kind}.d.ts`);
  if (!fs.existsSync(declaration)) return null;
  return { module: `${entry.pkg}/${apiVersion}`, declaration };
}

const modules = new Map();
async function loadModule(name) {
  if (!modules.has(name)) modules.set(name, await import(name));
  return modules.get(name);
}

/** Problems of one object, each a readable sentence; [] when it is valid. */
export async function validateObject(obj) {
  const id = `${obj?.kind ?? "?"}/${obj?.metadata?.name ?? "?"}`;
  if (!obj?.apiVersion || !obj?.kind) return [`${id}: apiVersion and kind are required`];
  const crd = CRD_SCHEMAS[`${obj.apiVersion}/${obj.kind}`];
  if (crd) {
    const validate = crdValidator(crd);
    if (validate(obj)) return [];
    return validate.errors.map((e) => `${id}: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
  }
  const model = modelFor(obj.apiVersion, obj.kind);
  if (!model) return [`${id}: no schema for ${obj.apiVersion} ${obj.kind}; add one to deploy/check before shipping it`];
  const mod = await loadModule(model.module);
  const Model = mod[obj.kind];
  const problems = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    const errors = e.errors ?? [{ instancePath: "", message: e.message }];
    for (const err of errors) problems.push(`${id}: ${err.instancePath || "/"} ${err.message}`);
  }
  for (const p of unknownFields(obj, model.declaration)) problems.push(`${id}: ${p}`);
  return problems;
}
