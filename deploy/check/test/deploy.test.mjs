// The CI check of deploy/: renders base and both overlays with `kubectl kustomize`, validates every
// object, and checks the manifests against the services' real configuration on this branch. A service
// that is not on the branch yet is skipped (its manifests are still rendered and validated).
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { OVERLAYS, kubectlVersion, renderAll, parseYamlStream } from "../src/render.mjs";
import { validateObject } from "../src/validate.mjs";
import { DEPLOY_DIR, services, topicSpecs } from "../src/repo.mjs";
import {
  committedFilesHoldNoSecrets, connectionBudget, databases, envProvided, networkPaths, probesServed, replication, scaling, secretsUncommitted,
  topicsCovered, topicsMatchTopicSpec, workloadHygiene,
} from "../src/consistency.mjs";

const kubectl = kubectlVersion();
const svcs = services();
let renders;

before(() => {
  assert.ok(kubectl, "kubectl is not installed (see deploy/README.md, 'Checks')");
  assert.ok(kubectl.kustomizeMajor >= 5, `kubectl's kustomize is too old for these manifests:\n${kubectl.out}`);
  ({ renders } = renderAll());
});

const noProblems = (problems) => assert.deepEqual(problems, [], problems.join("\n"));

test("committed files under deploy/ hold no Secret and no secret literal", () => {
  noProblems(committedFilesHoldNoSecrets(DEPLOY_DIR, parseYamlStream));
});

for (const target of ["base", ...OVERLAYS]) {
  describe(`${target}`, () => {
    test("renders with kubectl kustomize", () => {
      assert.ok(renders.get(target).objects.length > 0);
    });

    test("every object validates against its Kubernetes or pinned CRD schema, with no unknown fields", async () => {
      const problems = [];
      for (const o of renders.get(target).objects) problems.push(...(await validateObject(o)));
      noProblems(problems);
    });

    test("KafkaTopics match dev-infra's TopicSpec (names, partitions, configs)", () => {
      noProblems(topicsMatchTopicSpec(renders.get(target).objects, topicSpecs()));
    });

    test("workloads run non-root on a read-only root with requests, limits, a Service and a NetworkPolicy", () => {
      noProblems(workloadHygiene(renders.get(target).objects));
    });

    if (target === "base") return; // secrets and databases are wired by the overlays

    test("no Secret holds a committed value", () => {
      noProblems(secretsUncommitted(renders.get(target).objects, renders.get(target).secretValues));
    });

    test("each service has its own database, created by a Database resource and owned by its login role", () => {
      noProblems(databases(renders.get(target).objects));
    });

    test("NetworkPolicies let each service reach DNS, Kafka, its database and the mail relay", () => {
      noProblems(networkPaths(renders.get(target).objects));
    });

    test("Kafka topic replication fits the brokers (and survives a broker loss in prod)", () => {
      noProblems(replication(renders.get(target).objects, target));
    });

    test("PostgreSQL max_connections covers every service's pools at full scale", () => {
      noProblems(connectionBudget(renders.get(target).objects, svcs));
    });

    test(`replicas, autoscaling and disruption budgets fit ${target} and the topics' partitions`, () => {
      noProblems(scaling(renders.get(target).objects, svcs, target));
    });

    for (const s of svcs) {
      describe(s.name, () => {
        const skip = s.present ? false : `${s.name} is not on this branch yet (no src/main/resources/application.properties)`;
        test("every topic it names has a KafkaTopic", { skip }, () => {
          noProblems(topicsCovered(renders.get(target).objects, s));
        });
        test("its Deployment sets every environment variable %prod requires", { skip }, () => {
          noProblems(envProvided(renders.get(target).objects, s));
        });
        test("every probe and scrape path exists on the service's port", { skip }, () => {
          noProblems(probesServed(renders.get(target).objects, s));
        });
      });
    }
  });
}
