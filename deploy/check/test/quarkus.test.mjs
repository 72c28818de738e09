import { test } from "node:test";
import assert from "node:assert/strict";
import { effectiveConfig } from "../src/properties.mjs";
import { servedEndpoints } from "../src/quarkus.mjs";

const POM = "<artifactId>quarkus-smallrye-health</artifactId><artifactId>quarkus-micrometer-registry-prometheus</artifactId>";
const paths = (props, pom = POM) => servedEndpoints(pom, effectiveConfig(props, "prod"));

test("serves health and metrics under /q by default", () => {
  const { paths: p, managementPort } = paths("");
  assert.deepEqual([...p.keys()].sort(), ["/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics"]);
  assert.equal(p.get("/q/health/ready").what, "readiness");
  assert.equal(managementPort, null);
});

test("follows root paths: relative ones nest, absolute ones replace", () => {
  const p = paths("quarkus.http.root-path=/api\nquarkus.smallrye-health.liveness-path=/alive\nquarkus.micrometer.export.prometheus.path=prom").paths;
  assert.ok(p.has("/api/q/health/ready"));
  assert.ok(p.has("/alive"));
  assert.ok(p.has("/api/q/prom"));
  assert.ok(paths("quarkus.http.non-application-root-path=/ops").paths.has("/ops/health/live"));
});

test("moves endpoints to the management interface when it is enabled, only in the profile that enables it", () => {
  const r = paths("%prod.quarkus.management.enabled=true\nquarkus.management.port=9001");
  assert.equal(r.managementPort, 9001);
  assert.equal(r.paths.get("/q/health/live").port, "management");
  assert.equal(servedEndpoints(POM, effectiveConfig("%prod.quarkus.management.enabled=true", "dev")).managementPort, null);
});

test("serves nothing without the extensions", () => {
  assert.equal(paths("", "<artifactId>quarkus-rest</artifactId>").paths.size, 0);
});
