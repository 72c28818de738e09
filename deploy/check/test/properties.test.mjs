import { test } from "node:test";
import assert from "node:assert/strict";
import { effectiveConfig, kafkaChannels, parseProperties, requiredEnv } from "../src/properties.mjs";

test("parses separators, comments, continuation lines and escapes like java.util.Properties", () => {
  const entries = parseProperties([
    "# comment", "! also a comment", "a=1", "b : 2", "c 3", "long=one,\\", "    two", "esc=tab\\there", "key\\ with\\ space=x",
  ].join("\n"));
  assert.deepEqual(entries, [
    { key: "a", value: "1" }, { key: "b", value: "2" }, { key: "c", value: "3" },
    { key: "long", value: "one,two" }, { key: "esc", value: "tab\there" }, { key: "key with space", value: "x" },
  ]);
});

test("a profiled key wins over the plain one, also in a comma-separated profile list", () => {
  const c = effectiveConfig("x=plain\n%prod.x=prod\ny=plain\n%dev,prod.y=both\n%dev.z=dev", "prod");
  assert.equal(c.get("x"), "prod");
  assert.equal(c.get("y"), "both");
  assert.equal(c.has("z"), false);
});

test("requires only expressions without default that no property of the file resolves", () => {
  const text = [
    "a=${NEEDED}",
    "b=${HAS_DEFAULT:42}",
    "c=${EMPTY_DEFAULT:}",
    "d=${local.prop}",
    "local.prop=${ALSO_NEEDED}",
    "e=${OUTER:${INNER}}",
    "f=prefix-${MIDDLE}-suffix",
    "%dev.g=${DEV_ONLY}",
    "h=${PROD_OVERRIDDEN}",
    "%prod.h=fixed",
  ].join("\n");
  assert.deepEqual(requiredEnv(text, "prod"), ["ALSO_NEEDED", "INNER", "MIDDLE", "NEEDED"]);
});

test("a channel's topic defaults to its name; topics lists, patterns and dead-letter topics are read", () => {
  const text = [
    'mp.messaging.incoming."cdp.events.v1".group.id=x', // a quoted channel name with dots; topic = name
    "mp.messaging.incoming.orders.connector=smallrye-kafka",
    "mp.messaging.incoming.many.topics=a.v1, b.v1",
    "mp.messaging.incoming.pat.topic=cdp\\\\..*",
    "mp.messaging.incoming.pat.pattern=true",
    "mp.messaging.incoming.dlq.topic=in.v1",
    "mp.messaging.incoming.dlq.failure-strategy=dead-letter-queue",
    "mp.messaging.outgoing.out.topic=${topic.name}",
    "topic.name=resolved.v1",
    "%test.mp.messaging.outgoing.mem.connector=smallrye-in-memory",
    "mp.messaging.outgoing.mem.topic=mem.v1",
  ].join("\n");
  const byChannel = Object.fromEntries(kafkaChannels(text, "prod").map((c) => [c.channel, c]));
  assert.deepEqual(byChannel.orders.topics, ["orders"]);
  assert.deepEqual(byChannel["cdp.events.v1"].topics, ["cdp.events.v1"]);
  assert.deepEqual(byChannel.many.topics, ["a.v1", "b.v1"]);
  assert.equal(byChannel.pat.pattern, true);
  assert.equal(byChannel.dlq.deadLetterTopic, "dead-letter-topic-dlq");
  assert.deepEqual(byChannel.out.topics, ["resolved.v1"]);
  assert.deepEqual(byChannel.mem.topics, ["mem.v1"]); // in-memory only in %test
  assert.equal(kafkaChannels(text, "test").some((c) => c.channel === "mem"), false);
});
