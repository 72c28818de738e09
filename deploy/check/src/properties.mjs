// Reads a Quarkus application.properties the way SmallRye Config does, as far as deploy/ needs:
// profile-specific keys (%prod.x, %dev,test.x), ${expressions} with and without defaults, and the
// messaging channels (mp.messaging.incoming|outgoing.<channel>.*).

/** Parses java.util.Properties text into [{key, value}] in file order (comments, continuations, escapes). */
export function parseProperties(text) {
  const entries = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^\s+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    // A line ending in an odd number of backslashes continues on the next one.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i].replace(/^\s+/, "");
    }
    let k = 0;
    let key = "";
    while (k < line.length) {
      const c = line[k];
      if (c === "\\" && k + 1 < line.length) { key += unescape(line[k + 1]); k += 2; continue; }
      if (c === "=" || c === ":" || c === " " || c === "\t") break;
      key += c; k++;
    }
    let rest = line.slice(k).replace(/^[ \t]*/, "");
    if (rest.startsWith("=") || rest.startsWith(":")) rest = rest.slice(1).replace(/^[ \t]*/, "");
    let value = "";
    for (let j = 0; j < rest.length; j++) {
      if (rest[j] === "\\" && j + 1 < rest.length) { value += unescape(rest[++j]); } else { value += rest[j]; }
    }
    entries.push({ key, value });
  }
  return entries;
}

function unescape(c) {
  return { t: "\t", n: "\n", r: "\r", f: "\f" }[c] ?? c;
}

/**
 * The configuration a profile sees: a profiled key (%prod.a, or %a,b.key listing the profile) wins over
 * the plain key. Later duplicates win, as in java.util.Properties.
 */
export function effectiveConfig(text, profile = "prod") {
  const plain = new Map();
  const profiled = new Map();
  for (const { key, value } of parseProperties(text)) {
    const m = /^%([^.]+)\.(.+)$/.exec(key);
    if (!m) { plain.set(key, value); continue; }
    if (m[1].split(",").map((p) => p.trim()).includes(profile)) profiled.set(m[2], value);
  }
  const config = new Map(plain);
  for (const [k, v] of profiled) config.set(k, v);
  return config;
}

/** Every ${name} / ${name:default} in a value, outermost first, with nested defaults walked too. */
export function expressions(value) {
  const found = [];
  let i = 0;
  while ((i = value.indexOf("${", i)) !== -1) {
    if (i > 0 && value[i - 1] === "\\") { i += 2; continue; }
    let depth = 0;
    let j = i;
    for (; j < value.length; j++) {
      if (value[j] === "{" && value[j - 1] === "$") depth++;
      else if (value[j] === "}" && --depth === 0) break;
    }
    if (depth !== 0) break; // unterminated: SmallRye would fail too; nothing to require
    const body = value.slice(i + 2, j);
    const colon = topLevelColon(body);
    const name = colon === -1 ? body : body.slice(0, colon);
    const def = colon === -1 ? null : body.slice(colon + 1);
    found.push({ name, default: def });
    if (def !== null) found.push(...expressions(def).map((e) => ({ ...e, nested: true })));
    i = j + 1;
  }
  return found;
}

function topLevelColon(body) {
  let depth = 0;
  for (let k = 0; k < body.length; k++) {
    if (body[k] === "$" && body[k + 1] === "{") { depth++; k++; continue; }
    if (body[k] === "}") depth--;
    if (body[k] === ":" && depth === 0) return k;
  }
  return -1;
}

/**
 * Names the environment must supply for a profile: ${NAME} without a default where NAME is not itself
 * a property of the file. (A defaulted ${A:${B}} needs nothing: the default is used when A is unset,
 * and B is only needed if it has no default of its own and is not a property.)
 */
export function requiredEnv(text, profile = "prod") {
  const config = effectiveConfig(text, profile);
  const required = new Set();
  const visit = (value, seen) => {
    for (const e of expressions(value)) {
      if (e.nested) continue; // handled when its parent default is walked below
      resolveName(e, seen);
    }
  };
  const resolveName = (e, seen) => {
    if (config.has(e.name)) {
      if (!seen.has(e.name)) visit(config.get(e.name), new Set([...seen, e.name]));
      return;
    }
    if (e.default === null) { required.add(e.name); return; }
    visit(e.default, seen);
  };
  for (const [key, value] of config) visit(value, new Set([key]));
  return [...required].sort();
}

/** Replaces ${...} with the file's own values (or defaults); leaves unknown ones as they are. */
export function resolve(value, config, depth = 0) {
  if (depth > 10) return value;
  return value.replace(/\$\{([^:}]+)(?::([^}]*))?\}/g, (whole, name, def) => {
    if (config.has(name)) return resolve(config.get(name), config, depth + 1);
    if (def !== undefined) return resolve(def, config, depth + 1);
    return whole;
  });
}

/**
 * Kafka channels of a profile: [{channel, direction, topics[], pattern, deadLetterTopic}]. A channel's
 * topic defaults to its name; incoming channels may list several (topics=a,b) or a regex (pattern=true);
 * failure-strategy=dead-letter-queue writes to dead-letter-queue.topic (default dead-letter-topic-<channel>).
 * A channel without an explicit connector is Kafka's when Kafka is the only connector (Quarkus'
 * auto-detection), which is what the services use.
 */
export function kafkaChannels(text, profile = "prod") {
  const config = effectiveConfig(text, profile);
  const channels = new Map();
  for (const key of config.keys()) {
    // Channel names with dots are quoted: mp.messaging.incoming."a.b".topic
    const m = /^mp\.messaging\.(incoming|outgoing)\.("[^"]+"|[^.]+)\.(.+)$/.exec(key);
    if (!m) continue;
    const id = `${m[1]}.${m[2]}`;
    if (!channels.has(id)) channels.set(id, { channel: m[2].replace(/^"|"$/g, ""), direction: m[1] });
  }
  const out = [];
  for (const [id, ch] of channels) {
    const get = (prop) => {
      const v = config.get(`mp.messaging.${id}.${prop}`);
      return v === undefined ? undefined : resolve(v, config);
    };
    const connector = get("connector") ?? "smallrye-kafka";
    if (connector !== "smallrye-kafka") continue;
    const pattern = get("pattern") === "true";
    const topics = (get("topics") ?? get("topic") ?? ch.channel).split(",").map((t) => t.trim()).filter(Boolean);
    const deadLetterTopic = get("failure-strategy") === "dead-letter-queue"
      ? get("dead-letter-queue.topic") ?? `dead-letter-topic-${ch.channel}` : null;
    out.push({ ...ch, topics, pattern, deadLetterTopic });
  }
  return out;
}
