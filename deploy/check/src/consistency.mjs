// Checks that deploy/ agrees with the services' real configuration and with what a platform team
// expects. Every function returns a list of problems (readable sentences); [] means the check holds.
import fs from "node:fs";
import path from "node:path";
import { effectiveConfig, kafkaChannels, requiredEnv } from "./properties.mjs";
import { servedEndpoints } from "./quarkus.mjs";

const of = (objects, kind) => objects.filter((o) => o.kind === kind);
const named = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const decode = (b64) => Buffer.from(b64, "base64").toString("utf8");
const SECRET_NAME = /(TOKEN|PASSWORD|SECRET|PEPPER|SIGNING|PRIVATE|CREDENTIAL|_KEY$|^KEY$)/i;

/** The suite's Deployments: those kustomize labelled part-of=cartback. */
export function suiteDeployments(objects) {
  return of(objects, "Deployment").filter((d) => d.metadata?.labels?.["app.kubernetes.io/part-of"] === "cartback");
}

function mainContainer(deployment) {
  const containers = deployment.spec?.template?.spec?.containers ?? [];
  return containers.find((c) => c.name === deployment.metadata.name) ?? containers[0];
}

function selects(selector, labels) {
  const match = selector?.matchLabels ?? {};
  return Object.keys(match).length > 0 && Object.entries(match).every(([k, v]) => labels?.[k] === v);
}

/**
 * The environment a container gets: name -> {value?, source}. Resolves valueFrom and envFrom against the
 * rendered ConfigMaps and Secrets; a reference to a missing object or key is reported, unless optional.
 */
export function containerEnv(container, objects) {
  const env = new Map();
  const problems = [];
  const lookup = (kind, name, key, optional, what) => {
    const obj = named(objects, kind, name);
    if (!obj) {
      if (!optional) problems.push(`${what} refers to ${kind} ${name}, which the overlay does not define`);
      return { missing: true };
    }
    const data = kind === "Secret" ? obj.data ?? {} : obj.data ?? {};
    if (!(key in data)) {
      if (!optional) problems.push(`${what} refers to key ${key} of ${kind} ${name}, which has no such key`);
      return { missing: true };
    }
    return { value: kind === "Secret" ? decode(data[key]) : data[key] };
  };
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? "ConfigMap" : "Secret";
    const obj = named(objects, kind, ref.name);
    if (!obj) {
      if (!ref.optional) problems.push(`envFrom refers to ${kind} ${ref.name}, which the overlay does not define`);
      continue;
    }
    for (const [k, v] of Object.entries(obj.data ?? {})) {
      env.set((from.prefix ?? "") + k, { value: kind === "Secret" ? decode(v) : v, source: `${kind} ${ref.name}`, optional: false });
    }
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef || e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.secretKeyRef ?? e.valueFrom.configMapKeyRef;
      const kind = e.valueFrom.secretKeyRef ? "Secret" : "ConfigMap";
      const r = lookup(kind, ref.name, ref.key, ref.optional, `env ${e.name}`);
      if (!r.missing) env.set(e.name, { value: r.value, source: `${kind} ${ref.name}`, optional: !!ref.optional, secretRef: kind === "Secret" ? ref : null });
      else if (ref.optional) env.set(e.name, { source: `${kind} ${ref.name} (optional, absent)`, optional: true });
    } else if (e.valueFrom) {
      env.set(e.name, { source: "field", optional: false });
    } else {
      env.set(e.name, { value: e.value ?? "", source: "literal", optional: false });
    }
  }
  return { env, problems };
}

/** Every topic a service names (mp.messaging.*.topic(s), channel names, dead-letter topics) has a KafkaTopic. */
export function topicsCovered(objects, service) {
  const problems = [];
  const kafkas = new Set(of(objects, "Kafka").map((k) => k.metadata.name));
  const topics = of(objects, "KafkaTopic").filter((t) => kafkas.has(t.metadata?.labels?.["strimzi.io/cluster"]));
  const names = topics.map((t) => t.spec?.topicName ?? t.metadata.name);
  for (const ch of kafkaChannels(service.properties, "prod")) {
    for (const topic of ch.topics) {
      const ok = ch.pattern ? names.some((n) => new RegExp(`^(?:${topic})$`).test(n)) : names.includes(topic);
      if (!ok) {
        problems.push(`${service.name}: ${ch.direction} channel ${ch.channel} uses topic ${topic}${ch.pattern ? " (pattern)" : ""}, but no KafkaTopic of a Kafka in this overlay creates it`);
      }
    }
    if (ch.deadLetterTopic && !names.includes(ch.deadLetterTopic)) {
      problems.push(`${service.name}: channel ${ch.channel} sends failures to dead-letter topic ${ch.deadLetterTopic}, which has no KafkaTopic`);
    }
  }
  return problems;
}

/** The KafkaTopics are exactly dev-infra's TopicSpec.all(): same names, partitions and configs. */
export function topicsMatchTopicSpec(objects, specs) {
  const problems = [];
  const topics = new Map(of(objects, "KafkaTopic").map((t) => [t.spec?.topicName ?? t.metadata.name, t]));
  for (const spec of specs) {
    const t = topics.get(spec.name);
    if (!t) { problems.push(`TopicSpec has ${spec.name}, deploy/ has no KafkaTopic for it`); continue; }
    if (t.spec.partitions !== spec.partitions) {
      problems.push(`${spec.name}: ${t.spec.partitions} partitions in deploy/, ${spec.partitions} in TopicSpec`);
    }
    for (const [k, v] of Object.entries(spec.configs)) {
      const actual = t.spec.config?.[k];
      if (actual === undefined || String(actual) !== v) {
        problems.push(`${spec.name}: config ${k}=${actual ?? "(unset)"} in deploy/, ${v} in TopicSpec`);
      }
    }
    for (const k of ["cleanup.policy", "retention.ms"]) {
      if (t.spec.config?.[k] !== undefined && spec.configs[k] === undefined) {
        problems.push(`${spec.name}: deploy/ sets ${k}=${t.spec.config[k]}, TopicSpec (local runs, tests) does not`);
      }
    }
  }
  for (const name of topics.keys()) {
    if (!specs.some((s) => s.name === name)) problems.push(`KafkaTopic ${name} is not in TopicSpec.all()`);
  }
  return problems;
}

/** Every ${VAR} the service requires in %prod is set by its Deployment, and required ones are not optional. */
export function envProvided(objects, service) {
  const deployment = named(objects, "Deployment", service.name);
  if (!deployment) return [`${service.name}: no Deployment named ${service.name}`];
  const { env, problems } = containerEnv(mainContainer(deployment), objects);
  const out = problems.map((p) => `${service.name}: ${p}`);
  for (const name of requiredEnv(service.properties, "prod")) {
    const e = env.get(name);
    if (!e) out.push(`${service.name}: %prod requires \${${name}} (no default), but its Deployment does not set ${name}`);
    else if (e.optional) out.push(`${service.name}: %prod requires \${${name}}, but the Deployment marks its source optional`);
    else if (e.value !== undefined && e.value.trim() === "") out.push(`${service.name}: ${name} is set to an empty value (${e.source})`);
  }
  return out;
}

/**
 * Every probe path (and the metrics path scraped) exists on the service, on the port it listens on: paths
 * from its pom's extensions and %prod config (quarkus.mjs), port from QUARKUS_HTTP_PORT as the
 * Deployment sets it, else quarkus.http.port.
 */
export function probesServed(objects, service) {
  const deployment = named(objects, "Deployment", service.name);
  if (!deployment) return [`${service.name}: no Deployment named ${service.name}`];
  const config = effectiveConfig(service.properties, "prod");
  const { paths, managementPort } = servedEndpoints(service.pom, config);
  const container = mainContainer(deployment);
  const { env } = containerEnv(container, objects);
  const httpPort = Number(env.get("QUARKUS_HTTP_PORT")?.value ?? config.get("quarkus.http.port") ?? 8080);
  const portOf = (p) => (typeof p === "number" ? p : (container.ports ?? []).find((cp) => cp.name === p)?.containerPort);
  const problems = [];
  const expect = {
    livenessProbe: ["liveness", "health"],
    readinessProbe: ["readiness", "health"],
    startupProbe: ["startup", "liveness", "health"],
  };
  for (const [probe, whats] of Object.entries(expect)) {
    const p = container[probe];
    if (!p) { problems.push(`${service.name}: no ${probe}`); continue; }
    if (!p.httpGet) continue;
    const served = paths.get(p.httpGet.path);
    if (!served) {
      problems.push(`${service.name}: ${probe} GET ${p.httpGet.path}, which the service does not serve (it serves ${[...paths.keys()].join(", ") || "no health endpoints: add quarkus-smallrye-health"})`);
    } else if (!whats.includes(served.what)) {
      problems.push(`${service.name}: ${probe} uses ${p.httpGet.path}, the ${served.what} endpoint`);
    }
    const port = portOf(p.httpGet.port);
    const want = served?.port === "management" ? managementPort : httpPort;
    if (port !== want) problems.push(`${service.name}: ${probe} probes port ${p.httpGet.port} (${port}), the service listens on ${want}`);
  }
  const annotations = deployment.spec.template.metadata?.annotations ?? {};
  if (annotations["prometheus.io/scrape"] === "true") {
    const mp = annotations["prometheus.io/path"] ?? "/metrics";
    if (paths.get(mp)?.what !== "metrics") problems.push(`${service.name}: prometheus.io/path ${mp} is not the service's metrics endpoint`);
    const want = paths.get(mp)?.port === "management" ? managementPort : httpPort;
    if (Number(annotations["prometheus.io/port"]) !== want) problems.push(`${service.name}: prometheus.io/port ${annotations["prometheus.io/port"]}, metrics are on ${want}`);
  }
  for (const sm of of(objects, "ServiceMonitor")) {
    const svc = of(objects, "Service").find((s) => selects(sm.spec.selector, s.metadata.labels) && s.spec?.selector?.["app.kubernetes.io/name"] === service.name);
    if (!svc) continue;
    for (const ep of sm.spec.endpoints ?? []) {
      if (paths.get(ep.path ?? "/metrics")?.what !== "metrics") problems.push(`${service.name}: ServiceMonitor ${sm.metadata.name} scrapes ${ep.path}, not the service's metrics endpoint`);
      const sp = (svc.spec.ports ?? []).find((p) => p.name === ep.port);
      if (!sp) problems.push(`${service.name}: ServiceMonitor ${sm.metadata.name} names port ${ep.port}, which Service ${svc.metadata.name} lacks`);
      else if (portOf(sp.targetPort) !== httpPort) problems.push(`${service.name}: Service port ${ep.port} targets ${sp.targetPort}, the service listens on ${httpPort}`);
    }
  }
  return problems;
}

/**
 * No Secret holds a committed value: every Secret value in the render came from the git-ignored files the
 * check generated just now; no committed file under deploy/ declares a Secret or a secretGenerator literal;
 * no secret-looking variable is a literal in a Deployment or a key of a ConfigMap.
 */
export function secretsUncommitted(objects, generatedValues) {
  const problems = [];
  for (const s of of(objects, "Secret")) {
    if (s.stringData) problems.push(`Secret ${s.metadata.name} has stringData (a committed value)`);
    for (const [k, v] of Object.entries(s.data ?? {})) {
      if (!generatedValues.has(decode(v))) problems.push(`Secret ${s.metadata.name} key ${k} holds a value that is not from the overlay's uncommitted secrets/*.env files`);
    }
  }
  for (const d of of(objects, "Deployment")) {
    for (const c of d.spec.template.spec.containers ?? []) {
      for (const e of c.env ?? []) {
        if (SECRET_NAME.test(e.name) && e.value !== undefined) problems.push(`Deployment ${d.metadata.name}: ${e.name} is a literal value; take it from a Secret`);
      }
    }
  }
  for (const cm of of(objects, "ConfigMap")) {
    for (const k of Object.keys(cm.data ?? {})) {
      if (SECRET_NAME.test(k)) problems.push(`ConfigMap ${cm.metadata.name} holds ${k}, which looks like a secret`);
    }
  }
  return problems;
}

/** The committed side of the same rule: deploy/'s files (secrets/*.env excluded, they are git-ignored). */
export function committedFilesHoldNoSecrets(deployDir, parseYamlStream) {
  const problems = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(deployDir, p);
      if (e.isDirectory()) { if (e.name !== "node_modules") walk(p); continue; }
      if (/^overlays\/[^/]+\/secrets\/.+\.env$/.test(rel)) continue;
      if (!/\.ya?ml$/.test(e.name)) continue;
      let docs;
      try { docs = parseYamlStream(fs.readFileSync(p, "utf8")); } catch (err) { problems.push(`${rel}: not valid YAML (${err.message})`); continue; }
      for (const doc of docs) {
        if (doc?.kind === "Secret") problems.push(`${rel}: declares Secret ${doc.metadata?.name} in a committed file`);
        for (const g of doc?.secretGenerator ?? []) {
          if (g.literals?.length) problems.push(`${rel}: secretGenerator ${g.name} has committed literals`);
          for (const f of [...(g.envs ?? []), ...(g.files ?? [])]) {
            const file = String(f).split("=").pop();
            if (!/^secrets\/[^/]+\.env$/.test(file)) problems.push(`${rel}: secretGenerator ${g.name} reads ${file}, outside the git-ignored secrets/*.env`);
          }
        }
      }
    }
  };
  walk(deployDir);
  return problems;
}

/** Input partitions bound useful consumer replicas; prod keeps >= 2 replicas with a PDB; dev runs one of each. */
export function scaling(objects, services, overlay) {
  const problems = [];
  const partitions = new Map(of(objects, "KafkaTopic").map((t) => [t.spec.topicName ?? t.metadata.name, t.spec.partitions]));
  for (const d of suiteDeployments(objects)) {
    const name = d.metadata.name;
    const hpa = of(objects, "HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef.name === name);
    const labels = d.spec.template.metadata.labels;
    const pdb = of(objects, "PodDisruptionBudget").find((p) => selects(p.spec.selector, labels));
    const service = services.find((s) => s.name === name && s.present);
    if (service && hpa) {
      const inputs = kafkaChannels(service.properties, "prod").filter((c) => c.direction === "incoming" && !c.pattern).flatMap((c) => c.topics);
      const limit = Math.min(...inputs.map((t) => partitions.get(t) ?? Infinity));
      if (inputs.length && hpa.spec.maxReplicas > limit) {
        problems.push(`${name}: HPA maxReplicas ${hpa.spec.maxReplicas} exceeds the ${limit} partitions of its input topics (${inputs.join(", ")}); extra replicas would idle`);
      }
    }
    if (overlay === "prod") {
      const min = hpa ? hpa.spec.minReplicas ?? 1 : d.spec.replicas ?? 1;
      if (min < 2) problems.push(`${name}: prod runs ${min} replica(s); at least 2 are required`);
      if (!pdb) problems.push(`${name}: prod has no PodDisruptionBudget for it`);
      if (hpa && d.spec.replicas !== undefined) problems.push(`${name}: sets spec.replicas and has an HPA; every apply would reset the HPA's count`);
      for (const c of d.spec.template.spec.containers) {
        const tag = /@sha256:/.test(c.image) ? "digest" : (c.image.split("/").pop().split(":")[1] ?? "");
        if (!tag || tag === "latest" || /SNAPSHOT/.test(tag)) problems.push(`${name}: prod image ${c.image} is not pinned to a release tag or digest`);
      }
    }
    if (overlay === "dev") {
      if (hpa) problems.push(`${name}: dev should run a single replica, but has an HPA`);
      if ((d.spec.replicas ?? 1) !== 1) problems.push(`${name}: dev runs ${d.spec.replicas} replicas`);
    }
  }
  return problems;
}

/**
 * Each service's database is its own: DB_JDBC_URL and DB_REACTIVE_URL name the same database on the
 * CloudNativePG cluster's read-write Service; a Database resource creates it, owned by the role whose
 * password the Deployment's DB_USER/DB_PASSWORD Secret holds, and the Cluster manages that role from the
 * same Secret. No two services share a database.
 */
export function databases(objects) {
  const problems = [];
  const owners = new Map();
  const clusters = of(objects, "Cluster");
  for (const d of suiteDeployments(objects)) {
    const name = d.metadata.name;
    const { env } = containerEnv(mainContainer(d), objects);
    const jdbc = env.get("DB_JDBC_URL")?.value;
    const reactive = env.get("DB_REACTIVE_URL")?.value;
    if (!jdbc || !reactive) { problems.push(`${name}: DB_JDBC_URL and DB_REACTIVE_URL must both be set`); continue; }
    const j = /^jdbc:postgresql:\/\/([^:/]+)(?::(\d+))?\/([^?]+)/.exec(jdbc);
    const r = /^postgres(?:ql)?:\/\/([^:/]+)(?::(\d+))?\/([^?]+)/.exec(reactive);
    if (!j || !r) { problems.push(`${name}: cannot read the database URLs ${jdbc} / ${reactive}`); continue; }
    if (j[1] !== r[1] || j[3] !== r[3]) problems.push(`${name}: DB_JDBC_URL and DB_REACTIVE_URL point at different databases`);
    const cluster = clusters.find((c) => j[1] === `${c.metadata.name}-rw`);
    if (!cluster) { problems.push(`${name}: database host ${j[1]} is not the read-write Service of a CloudNativePG Cluster in this overlay`); continue; }
    const dbName = j[3];
    if (owners.has(dbName)) problems.push(`${name} and ${owners.get(dbName)} share database ${dbName}`);
    owners.set(dbName, name);
    const db = of(objects, "Database").find((x) => x.spec.name === dbName && x.spec.cluster?.name === cluster.metadata.name);
    if (!db) { problems.push(`${name}: no Database resource creates ${dbName} in ${cluster.metadata.name}`); continue; }
    const user = env.get("DB_USER");
    if (!user?.secretRef) { problems.push(`${name}: DB_USER does not come from a Secret`); continue; }
    if (user.value !== db.spec.owner) problems.push(`${name}: logs in as ${user.value}, but ${dbName} is owned by ${db.spec.owner}`);
    const role = (cluster.spec.managed?.roles ?? []).find((ro) => ro.name === db.spec.owner);
    if (!role) problems.push(`${name}: Cluster ${cluster.metadata.name} does not manage role ${db.spec.owner}`);
    else if (role.passwordSecret?.name !== user.secretRef.name) problems.push(`${name}: role ${role.name}'s password comes from ${role.passwordSecret?.name}, the service reads ${user.secretRef.name}`);
    const pw = env.get("DB_PASSWORD");
    if (pw?.secretRef?.name !== user.secretRef.name) problems.push(`${name}: DB_USER and DB_PASSWORD come from different Secrets`);
  }
  return problems;
}

/** What a platform team expects of every suite workload: probes, limits, non-root, read-only root, policies. */
export function workloadHygiene(objects) {
  const problems = [];
  for (const d of suiteDeployments(objects)) {
    const name = d.metadata.name;
    const pod = d.spec.template.spec;
    const labels = d.spec.template.metadata.labels;
    for (const c of pod.containers) {
      const sc = c.securityContext ?? {};
      if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) problems.push(`${name}/${c.name}: not runAsNonRoot`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}/${c.name}: allowPrivilegeEscalation is not false`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${name}/${c.name}: root filesystem is writable`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(`${name}/${c.name}: capabilities not dropped`);
      for (const r of ["cpu", "memory"]) if (!c.resources?.requests?.[r]) problems.push(`${name}/${c.name}: no ${r} request`);
      if (!c.resources?.limits?.memory) problems.push(`${name}/${c.name}: no memory limit`);
    }
    if (!of(objects, "NetworkPolicy").some((np) => selects(np.spec.podSelector, labels))) problems.push(`${name}: no NetworkPolicy selects its pods`);
    if (!of(objects, "Service").some((s) => Object.entries(s.spec.selector ?? {}).every(([k, v]) => labels[k] === v) && Object.keys(s.spec.selector ?? {}).length)) problems.push(`${name}: no Service selects its pods`);
  }
  return problems;
}

/**
 * PostgreSQL connections suffice at full scale: for every suite Deployment, (HPA maxReplicas + rolling
 * update surge) x (reactive pool + JDBC pool) summed over services stays within the Cluster's
 * max_connections minus superuser_reserved_connections and 10 for CloudNativePG's own connections
 * (instance manager, replication, monitoring). Pool sizes come from the service's %prod config or the
 * Deployment's QUARKUS_DATASOURCE_*_MAX_SIZE; a service not on the branch counts with the suite's
 * usual 20 + 2.
 */
export function connectionBudget(objects, services) {
  const cluster = of(objects, "Cluster")[0];
  if (!cluster) return ["no CloudNativePG Cluster"];
  const params = cluster.spec.postgresql?.parameters ?? {};
  const available = Number(params.max_connections ?? 100) - Number(params.superuser_reserved_connections ?? 3) - 10;
  let total = 0;
  const parts = [];
  for (const d of suiteDeployments(objects)) {
    const name = d.metadata.name;
    const hpa = of(objects, "HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef?.name === name);
    const replicas = hpa ? hpa.spec.maxReplicas : d.spec.replicas ?? 1;
    const surgeSpec = d.spec.strategy?.rollingUpdate?.maxSurge ?? "25%";
    const surge = typeof surgeSpec === "number" ? surgeSpec : Math.ceil((replicas * parseInt(surgeSpec, 10)) / 100);
    const service = services.find((s) => s.name === name && s.present);
    const config = service ? effectiveConfig(service.properties, "prod") : new Map();
    const { env } = containerEnv(mainContainer(d), objects);
    const pool = (envName, key, dflt, usual) => Number(env.get(envName)?.value ?? config.get(key) ?? (service ? dflt : usual));
    const perPod = pool("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "quarkus.datasource.reactive.max-size", 20, 20)
      + pool("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "quarkus.datasource.jdbc.max-size", 20, 2);
    total += (replicas + surge) * perPod;
    parts.push(`${name} ${replicas + surge} x ${perPod}`);
  }
  if (total > available) {
    return [`at full scale the services may open ${total} PostgreSQL connections (${parts.join(", ")}), but ${cluster.metadata.name} allows ${available} (max_connections ${params.max_connections ?? 100})`];
  }
  return [];
}

/**
 * Kafka replication fits the brokers: every KafkaTopic's replicas <= the brokers of its cluster (node
 * pools with the broker role), min.insync.replicas <= replicas, the cluster's internal-topic replication
 * factors <= brokers. In prod, a broker may fail without stopping acks=all producers
 * (replicas > min.insync.replicas >= 2), and PostgreSQL runs with a standby.
 */
export function replication(objects, overlay) {
  const problems = [];
  for (const kafka of of(objects, "Kafka")) {
    const cluster = kafka.metadata.name;
    const brokers = of(objects, "KafkaNodePool")
      .filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === cluster && p.spec.roles.includes("broker"))
      .reduce((n, p) => n + p.spec.replicas, 0);
    const controllers = of(objects, "KafkaNodePool")
      .filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === cluster && p.spec.roles.includes("controller"))
      .reduce((n, p) => n + p.spec.replicas, 0);
    if (brokers === 0) problems.push(`Kafka ${cluster}: no node pool with the broker role`);
    if (controllers === 0) problems.push(`Kafka ${cluster}: no node pool with the controller role (KRaft)`);
    const config = kafka.spec.kafka.config ?? {};
    const clusterMinIsr = Number(config["min.insync.replicas"] ?? 1);
    for (const k of ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor"]) {
      if (config[k] !== undefined && Number(config[k]) > brokers) problems.push(`Kafka ${cluster}: ${k}=${config[k]} but only ${brokers} broker(s)`);
    }
    for (const t of of(objects, "KafkaTopic").filter((x) => x.metadata.labels?.["strimzi.io/cluster"] === cluster)) {
      const name = t.spec.topicName ?? t.metadata.name;
      const minIsr = Number(t.spec.config?.["min.insync.replicas"] ?? clusterMinIsr);
      if (t.spec.replicas > brokers) problems.push(`${name}: ${t.spec.replicas} replicas but only ${brokers} broker(s)`);
      if (minIsr > t.spec.replicas) problems.push(`${name}: min.insync.replicas ${minIsr} > replicas ${t.spec.replicas}; every acks=all write would fail`);
      if (overlay === "prod" && (minIsr < 2 || t.spec.replicas <= minIsr)) {
        problems.push(`${name}: prod needs replicas > min.insync.replicas >= 2 (has ${t.spec.replicas} and ${minIsr}) to survive a broker loss without losing acknowledged writes`);
      }
    }
    if (overlay === "prod" && controllers < 3) problems.push(`Kafka ${cluster}: prod needs 3 KRaft controllers for a quorum that survives a node loss (has ${controllers})`);
  }
  for (const c of of(objects, "Cluster")) {
    if (overlay === "prod" && c.spec.instances < 2) problems.push(`Cluster ${c.metadata.name}: prod runs ${c.spec.instances} instance(s); a standby is required for failover`);
  }
  return problems;
}

// --- NetworkPolicy: does each service's egress policy let through what its configuration connects to?

function matchesSelector(selector, labels) {
  if (!selector) return true;
  const ml = selector.matchLabels ?? {};
  if (!Object.entries(ml).every(([k, v]) => labels?.[k] === v)) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = labels && e.key in labels;
    const v = labels?.[e.key];
    if (e.operator === "In" && !(has && e.values.includes(v))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(v)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** The suite's namespace as NetworkPolicy namespaceSelectors see it (labels + kubernetes.io/metadata.name). */
function ownNamespace(objects) {
  const ns = of(objects, "Namespace")[0];
  const name = ns?.metadata.name ?? objects.find((o) => o.metadata?.namespace)?.metadata.namespace ?? "default";
  return { name, labels: { ...(ns?.metadata.labels ?? {}), "kubernetes.io/metadata.name": name } };
}

/**
 * Whether a pod with `labels` in the suite's namespace may send to `dest`: {pod: labels, namespace:
 * {name, labels}, port, protocol, portName} for a pod, or {external: true, port, protocol}. Kubernetes
 * semantics: with no Egress policy selecting the pod everything is allowed; otherwise some rule of some
 * such policy must allow it (a peer without namespaceSelector means the pod's own namespace).
 */
export function egressAllowed(objects, labels, dest) {
  const own = ownNamespace(objects);
  const policies = of(objects, "NetworkPolicy").filter((np) => matchesSelector(np.spec.podSelector, labels)
    && (np.spec.policyTypes ?? (np.spec.egress ? ["Ingress", "Egress"] : ["Ingress"])).includes("Egress"));
  if (policies.length === 0) return true;
  const portOk = (ports) => !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === dest.protocol
    && (p.port === undefined || p.port === dest.port || (typeof p.port === "string" && p.port === dest.portName)
      || (p.endPort !== undefined && dest.port >= p.port && dest.port <= p.endPort)));
  const peerOk = (peer) => {
    if (peer.ipBlock) return !!dest.external; // the suite's policies use ipBlock for outside the cluster only
    if (dest.external) return false;
    const nsOk = peer.namespaceSelector ? matchesSelector(peer.namespaceSelector, dest.namespace.labels)
      : dest.namespace.name === own.name;
    return nsOk && matchesSelector(peer.podSelector, dest.pod);
  };
  return policies.some((np) => (np.spec.egress ?? []).some((rule) => portOk(rule.ports)
    && (!rule.to || rule.to.length === 0 || rule.to.some(peerOk))));
}

/**
 * Each suite Deployment can reach, under the NetworkPolicies: cluster DNS, the Kafka brokers behind
 * KAFKA_BOOTSTRAP_SERVERS, the PostgreSQL primary behind DB_*_URL, and the SMTP relay (SMTP_HOST: an
 * in-namespace Service's pods, or the outside world); and Strimzi's listener admits it.
 */
export function networkPaths(objects) {
  const problems = [];
  for (const d of suiteDeployments(objects)) {
    const name = d.metadata.name;
    const labels = d.spec.template.metadata.labels;
    const { env } = containerEnv(mainContainer(d), objects);
    const own = ownNamespace(objects);
    const need = [];
    need.push({ what: "cluster DNS", namespace: { name: "kube-system", labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod: { "k8s-app": "kube-dns" }, port: 53, protocol: "UDP" });
    const bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS")?.value;
    if (bootstrap) {
      for (const hp of bootstrap.split(",")) {
        const [host, port] = hp.trim().split(":");
        const kafka = of(objects, "Kafka").find((k) => host === `${k.metadata.name}-kafka-bootstrap`);
        if (!kafka) { problems.push(`${name}: KAFKA_BOOTSTRAP_SERVERS ${hp} is not a Strimzi bootstrap Service in this overlay`); continue; }
        const listener = kafka.spec.kafka.listeners.find((l) => l.port === Number(port));
        if (!listener) { problems.push(`${name}: Kafka ${kafka.metadata.name} has no listener on port ${port}`); continue; }
        if (listener.networkPolicyPeers && !listener.networkPolicyPeers.some((p) => !p.namespaceSelector && matchesSelector(p.podSelector, labels))) {
          problems.push(`${name}: Kafka listener ${listener.name}'s networkPolicyPeers do not admit its pods`);
        }
        need.push({ what: `Kafka ${hp}`, namespace: own, pod: { "strimzi.io/cluster": kafka.metadata.name, "strimzi.io/kind": "Kafka", "strimzi.io/broker-role": "true" }, port: Number(port), protocol: "TCP" });
      }
    }
    const jdbc = /^jdbc:postgresql:\/\/([^:/]+)(?::(\d+))?\//.exec(env.get("DB_JDBC_URL")?.value ?? "");
    if (jdbc) {
      const cluster = of(objects, "Cluster").find((c) => jdbc[1] === `${c.metadata.name}-rw`);
      if (cluster) need.push({ what: `PostgreSQL ${jdbc[1]}`, namespace: own, pod: { "cnpg.io/cluster": cluster.metadata.name, "cnpg.io/instanceRole": "primary" }, port: Number(jdbc[2] ?? 5432), protocol: "TCP" });
    }
    const smtpHost = env.get("SMTP_HOST")?.value;
    if (smtpHost) {
      const port = Number(env.get("SMTP_PORT")?.value ?? 25);
      const svc = named(objects, "Service", smtpHost);
      if (svc) {
        const sp = (svc.spec.ports ?? []).find((p) => p.port === port);
        if (!sp) { problems.push(`${name}: SMTP_PORT ${port} is not a port of Service ${smtpHost}`); continue; }
        const target = of(objects, "Deployment").find((x) => matchesSelector({ matchLabels: svc.spec.selector }, x.spec.template.metadata.labels));
        const cp = target?.spec.template.spec.containers.flatMap((c) => c.ports ?? [])
          .find((p) => (typeof sp.targetPort === "string" ? p.name === sp.targetPort : p.containerPort === (sp.targetPort ?? sp.port)));
        if (!cp) { problems.push(`${name}: Service ${smtpHost} port ${port} leads to no container port`); continue; }
        need.push({ what: `SMTP relay ${smtpHost}:${port}`, namespace: own, pod: target.spec.template.metadata.labels, port: cp.containerPort, portName: cp.name, protocol: "TCP" });
      } else {
        need.push({ what: `SMTP relay ${smtpHost}:${port}`, external: true, port, protocol: "TCP" });
      }
    }
    for (const dest of need) {
      if (!egressAllowed(objects, labels, dest)) problems.push(`${name}: its NetworkPolicy blocks ${dest.what} (${dest.protocol} ${dest.port})`);
    }
  }
  return problems;
}
