// Which management endpoints a Quarkus service serves, and on which port, derived from its pom.xml
// (extensions present) and its %prod configuration, following Quarkus' path rules:
// non-application endpoints live under quarkus.http.non-application-root-path (default "q", relative to
// quarkus.http.root-path unless absolute); health under quarkus.smallrye-health.root-path ("health"), with
// liveness-path "live", readiness-path "ready", startup-path "started" relative to it; Prometheus
// metrics at quarkus.micrometer.export.prometheus.path ("metrics"). With quarkus.management.enabled=true
// they move to the management interface (port 9000, root quarkus.management.root-path "q").

function join(base, path) {
  if (path.startsWith("/")) return normalise(path);
  return normalise(`${base.replace(/\/+$/, "")}/${path}`);
}

function normalise(p) {
  return ("/" + p.split("/").filter(Boolean).join("/")).replace(/\/$/, "") || "/";
}

function hasDependency(pom, artifactId) {
  return new RegExp(`<artifactId>\\s*${artifactId.replace(/[-.]/g, "\\$&")}\\s*</artifactId>`).test(pom);
}

/**
 * @param {string} pom the service's pom.xml text
 * @param {Map<string,string>} config effective %prod configuration (see properties.mjs)
 * @returns {{httpPortProperty: string, paths: Map<string, {port: 'http'|'management', what: string}>,
 *            managementPort: number|null}}
 */
export function servedEndpoints(pom, config) {
  const get = (k, d) => (config.has(k) ? config.get(k) : d);
  const management = get("quarkus.management.enabled", "false") === "true";
  const rootPath = get("quarkus.http.root-path", "/");
  const nonApp = management
    ? join("/", get("quarkus.management.root-path", "q"))
    : join(rootPath, get("quarkus.http.non-application-root-path", "q"));
  const port = management ? "management" : "http";
  const paths = new Map();
  if (hasDependency(pom, "quarkus-smallrye-health")) {
    const health = join(nonApp, get("quarkus.smallrye-health.root-path", "health"));
    paths.set(health, { port, what: "health" });
    paths.set(join(health, get("quarkus.smallrye-health.liveness-path", "live")), { port, what: "liveness" });
    paths.set(join(health, get("quarkus.smallrye-health.readiness-path", "ready")), { port, what: "readiness" });
    paths.set(join(health, get("quarkus.smallrye-health.startup-path", "started")), { port, what: "startup" });
  }
  if (hasDependency(pom, "quarkus-micrometer-registry-prometheus")) {
    paths.set(join(nonApp, get("quarkus.micrometer.export.prometheus.path", "metrics")), { port, what: "metrics" });
  }
  const managementPort = management ? Number(get("quarkus.management.port", "9000")) : null;
  return { paths, managementPort };
}
