// Each check must fail when deploy/ and the services drift apart. These tests render the real dev and
// prod overlays once, then break one thing at a time (a new topic, a new env var, a moved health path, a
// committed secret, ...) and expect the check to name it.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderAll, parseYamlStream } from "../src/render.mjs";
import { validateObject } from "../src/validate.mjs";
import { topicSpecs } from "../src/repo.mjs";
import {
  committedFilesHoldNoSecrets, connectionBudget, databases, envProvided, networkPaths, probesServed, replication, scaling, secretsUncommitted,
  topicsCovered, topicsMatchTopicSpec,
} from "../src/consistency.mjs";

let dev;
let prod;
before(() => {
  const { renders } = renderAll();
  dev = renders.get("dev");
  prod = renders.get("prod");
});

const copy = (objects) => structuredClone(objects);
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const container = (objects, name) => find(objects, "Deployment", name).spec.template.spec.containers[0];

// A stand-in for profile-service as its engineer might write it: the suite's conventions, nothing else.
const POM = "<dependencies><dependency><artifactId>quarkus-smallrye-health</artifactId></dependency>"
  + "<dependency><artifactId>quarkus-micrometer-registry-prometheus</artifactId></dependency></dependencies>";
const PROPS = [
  "quarkus.http.port=8082",
  "kafka.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}",
  "quarkus.datasource.username=${DB_USER}",
  "quarkus.datasource.password=${DB_PASSWORD}",
  "quarkus.datasource.reactive.url=${DB_REACTIVE_URL}",
  "quarkus.datasource.jdbc.url=${DB_JDBC_URL}",
  "quarkus.datasource.reactive.max-size=20",
  "quarkus.datasource.jdbc.max-size=2",
  "cdp.auth.admin-token=${CDP_ADMIN_TOKEN}",
  "cdp.auth.marketer-token=${CDP_MARKETER_TOKEN:}",
  "mp.messaging.incoming.events-in.topic=cdp.events.v1",
  "mp.messaging.outgoing.profiles-out.topic=cdp.profiles.v1",
  "mp.messaging.outgoing.merges-out.topic=cdp.identity-merges.v1",
].join("\n");
const profile = (extra = "", pom = POM) => ({ name: "profile-service", present: true, properties: `${PROPS}\n${extra}`, pom });

test("a service written to the conventions passes every check", () => {
  assert.deepEqual(topicsCovered(dev.objects, profile()), []);
  assert.deepEqual(envProvided(dev.objects, profile()), []);
  assert.deepEqual(probesServed(dev.objects, profile()), []);
  assert.deepEqual(probesServed(prod.objects, profile()), []);
});

test("a topic a service starts using without a KafkaTopic is reported", () => {
  const problems = topicsCovered(dev.objects, profile("mp.messaging.outgoing.audit-out.topic=cdp.audit.v1"));
  assert.equal(problems.length, 1);
  assert.match(problems[0], /audit-out uses topic cdp\.audit\.v1/);
});

test("a channel without a topic property needs a KafkaTopic named after the channel", () => {
  assert.match(topicsCovered(dev.objects, profile("mp.messaging.incoming.orders.group.id=x")).join(), /topic orders/);
});

test("a dead-letter topic needs its own KafkaTopic", () => {
  const problems = topicsCovered(dev.objects, profile("mp.messaging.incoming.events-in.failure-strategy=dead-letter-queue"));
  assert.match(problems.join(), /dead-letter-topic-events-in/);
});

test("an environment variable %prod starts to require is reported until the Deployment sets it", () => {
  const extra = "cdp.profile.signing-key=${CDP_PROFILE_SIGNING_KEY}\n%dev.cdp.profile.signing-key=fake";
  assert.match(envProvided(dev.objects, profile(extra)).join(), /requires \$\{CDP_PROFILE_SIGNING_KEY\}/);
  const objects = copy(dev.objects);
  const someSecret = objects.find((o) => o.kind === "Secret" && o.metadata.name.startsWith("campaign-secrets"));
  container(objects, "profile-service").env.push({
    name: "CDP_PROFILE_SIGNING_KEY",
    valueFrom: { secretKeyRef: { name: someSecret.metadata.name, key: "CDP_LINK_SIGNING_KEY" } },
  });
  assert.deepEqual(envProvided(objects, profile(extra)), []);
});

test("a required variable from an optional or missing source is reported", () => {
  const objects = copy(dev.objects);
  const env = container(objects, "profile-service").env;
  env.find((e) => e.name === "CDP_ADMIN_TOKEN").valueFrom.secretKeyRef.optional = true;
  env.find((e) => e.name === "DB_PASSWORD").valueFrom.secretKeyRef.key = "pass";
  const problems = envProvided(objects, profile()).join("\n");
  assert.match(problems, /CDP_ADMIN_TOKEN.*optional/);
  assert.match(problems, /key pass of Secret db-profile/);
});

test("a probe path the service does not serve is reported", () => {
  const movedHealth = profile("quarkus.smallrye-health.root-path=/health");
  assert.match(probesServed(dev.objects, movedHealth).join(), /livenessProbe GET \/q\/health\/live, which the service does not serve/);
  const noHealth = profile("", "<dependencies/>");
  assert.match(probesServed(dev.objects, noHealth).join(), /add quarkus-smallrye-health/);
});

test("probes on the wrong port, or on the wrong kind of endpoint, are reported", () => {
  const management = profile("quarkus.management.enabled=true");
  assert.match(probesServed(dev.objects, management).join(), /listens on 9000/);
  const objects = copy(dev.objects);
  container(objects, "profile-service").livenessProbe.httpGet.path = "/q/health/ready";
  assert.match(probesServed(objects, profile()).join(), /livenessProbe uses \/q\/health\/ready, the readiness endpoint/);
});

test("a ServiceMonitor scraping a path the service does not serve is reported", () => {
  const objects = copy(prod.objects);
  find(objects, "ServiceMonitor", "profile-service").spec.endpoints[0].path = "/metrics";
  assert.match(probesServed(objects, profile()).join(), /ServiceMonitor profile-service scrapes \/metrics/);
});

test("a Secret value that did not come from the uncommitted files is reported", () => {
  const objects = copy(dev.objects);
  objects.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "leaked" }, data: { token: Buffer.from("committed").toString("base64") } });
  container(objects, "ingest-service").env.push({ name: "CDP_ADMIN_TOKEN", value: "in-the-manifest" });
  const problems = secretsUncommitted(objects, dev.secretValues).join("\n");
  assert.match(problems, /Secret leaked key token/);
  assert.match(problems, /CDP_ADMIN_TOKEN is a literal value/);
});

test("a committed Secret or secretGenerator literal under deploy/ is reported", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cartback-committed-"));
  fs.mkdirSync(path.join(dir, "overlays/x/secrets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "overlays/x/secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: b\n");
  fs.writeFileSync(path.join(dir, "overlays/x/kustomization.yaml"), "secretGenerator:\n  - name: g\n    literals: [A=b]\n  - name: h\n    envs: [committed.env]\n");
  fs.writeFileSync(path.join(dir, "overlays/x/secrets/ignored.env"), "A=b\n"); // git-ignored: allowed
  const problems = committedFilesHoldNoSecrets(dir, parseYamlStream).join("\n");
  assert.match(problems, /declares Secret s/);
  assert.match(problems, /secretGenerator g has committed literals/);
  assert.match(problems, /secretGenerator h reads committed\.env/);
  assert.doesNotMatch(problems, /ignored\.env/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("KafkaTopics that disagree with TopicSpec are reported", () => {
  const objects = copy(dev.objects);
  find(objects, "KafkaTopic", "cdp-profiles-v1").spec.partitions = 12;
  delete find(objects, "KafkaTopic", "cdp-profiles-v1").spec.config["cleanup.policy"];
  objects.splice(objects.indexOf(find(objects, "KafkaTopic", "cdp-checkouts-recovered-v1")), 1);
  const problems = topicsMatchTopicSpec(objects, topicSpecs()).join("\n");
  assert.match(problems, /cdp\.profiles\.v1: 12 partitions in deploy\/, 6 in TopicSpec/);
  assert.match(problems, /cleanup\.policy=\(unset\)/);
  assert.match(problems, /TopicSpec has cdp\.checkouts-recovered\.v1, deploy\/ has no KafkaTopic for it/);
});

test("more consumer replicas than input partitions, or an unpinned prod image, are reported", () => {
  const objects = copy(prod.objects);
  find(objects, "HorizontalPodAutoscaler", "profile-service").spec.maxReplicas = 12;
  find(objects, "HorizontalPodAutoscaler", "funnel-service").spec.minReplicas = 1;
  container(objects, "ingest-service").image = "cartback/ingest-service:latest";
  const services = [profile()];
  const problems = scaling(objects, services, "prod").join("\n");
  assert.match(problems, /profile-service: HPA maxReplicas 12 exceeds the 6 partitions/);
  assert.match(problems, /funnel-service: prod runs 1 replica/);
  assert.match(problems, /ingest-service: prod image cartback\/ingest-service:latest is not pinned/);
});

test("a service logging in as a role that does not own its database is reported", () => {
  const objects = copy(dev.objects);
  find(objects, "Database", "cartback-pg-funnel").spec.owner = "profile";
  const problems = databases(objects).join("\n");
  assert.match(problems, /funnel-service: logs in as funnel, but funnel is owned by profile/);
});

test("schema validation refuses wrong types, typos and unknown kinds", async () => {
  const topic = structuredClone(find(dev.objects, "KafkaTopic", "cdp-events-v1"));
  topic.spec.partitions = "6";
  assert.match((await validateObject(topic)).join(), /partitions must be integer/);
  const cluster = structuredClone(find(dev.objects, "Cluster", "cartback-pg"));
  cluster.spec.postgresql.parameters.max_connections = 100;
  assert.match((await validateObject(cluster)).join(), /max_connections must be string/);
  const pool = structuredClone(find(dev.objects, "KafkaNodePool", "dual-role"));
  pool.spec.roles = ["broker", "zookeeper"];
  assert.notDeepEqual(await validateObject(pool), []);
  const deployment = structuredClone(find(dev.objects, "Deployment", "ingest-service"));
  deployment.spec.template.spec.containers[0].readinessprobe = {};
  assert.match((await validateObject(deployment)).join(), /readinessprobe: unknown field/);
  deployment.spec.template.spec.containers[0].ports[0].containerPort = "8080";
  assert.match((await validateObject(deployment)).join(), /containerPort must be integer/);
  assert.match((await validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).join(), /no schema/);
});

test("more pooled connections at full scale than PostgreSQL allows are reported", () => {
  const objects = copy(prod.objects);
  assert.deepEqual(connectionBudget(objects, [profile()]), []);
  find(objects, "HorizontalPodAutoscaler", "ingest-service").spec.maxReplicas = 40;
  assert.match(connectionBudget(objects, [profile()]).join(), /may open \d+ PostgreSQL connections .*ingest-service 41 x 22/);
  // Without jdbc.max-size a service gets Agroal's default pool of 20, not the suite's usual 2.
  const noJdbcLimit = { ...profile(), properties: profile().properties.replace("quarkus.datasource.jdbc.max-size=2", "") };
  assert.match(connectionBudget(objects, [noJdbcLimit]).join(), /profile-service 7 x 40/);
});

test("topic replication beyond the brokers, or without headroom in prod, is reported", () => {
  const devObjects = copy(dev.objects);
  find(devObjects, "KafkaTopic", "cdp-events-v1").spec.replicas = 3; // dev has one broker
  assert.match(replication(devObjects, "dev").join(), /cdp\.events\.v1: 3 replicas but only 1 broker/);
  const prodObjects = copy(prod.objects);
  find(prodObjects, "KafkaTopic", "cdp-profiles-v1").spec.config["min.insync.replicas"] = 3;
  find(prodObjects, "Cluster", "cartback-pg").spec.instances = 1;
  const problems = replication(prodObjects, "prod").join("\n");
  assert.match(problems, /cdp\.profiles\.v1: prod needs replicas > min\.insync\.replicas/);
  assert.match(problems, /Cluster cartback-pg: prod runs 1 instance/);
});

test("a NetworkPolicy that blocks what a service's configuration connects to is reported", () => {
  const objects = copy(dev.objects);
  assert.deepEqual(networkPaths(objects), []);
  // The dev mail sink listens on 1025; without the overlay's extra egress rule campaign-service cannot send.
  const campaignPolicy = find(objects, "NetworkPolicy", "campaign-service");
  campaignPolicy.spec.egress = campaignPolicy.spec.egress.filter((r) => !(r.ports ?? []).some((p) => p.port === 1025));
  find(objects, "NetworkPolicy", "ingest-service").spec.egress[1].ports[0].port = 9093;
  find(objects, "Kafka", "cartback").spec.kafka.listeners[0].networkPolicyPeers[0].podSelector.matchLabels = { app: "other" };
  const problems = networkPaths(objects).join("\n");
  assert.match(problems, /campaign-service: its NetworkPolicy blocks SMTP relay mailpit:1025/);
  assert.match(problems, /ingest-service: its NetworkPolicy blocks Kafka cartback-kafka-bootstrap:9092/);
  assert.match(problems, /profile-service: Kafka listener plain's networkPolicyPeers do not admit its pods/);
});
