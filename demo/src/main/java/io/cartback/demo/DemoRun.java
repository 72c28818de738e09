package io.cartback.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cartback.contracts.Topics;

/**
 * The main job, run by {@code ./cdp demo} once the stack is up: replays the Google Merchandise Store data through
 * the ingest API, lets event time run past the last event plus the longest delay, and reports what every service
 * made of it. Writes {@code <state>/last-run/summary.json}.
 *
 * <p>Args: {@code <stateDir> <dataFile> [import-ga window options: --from D --to D | --all | --days N]}
 */
public final class DemoRun {
    static final int OFFSET = Integer.parseInt(System.getenv().getOrDefault("CDP_PORT_OFFSET", "0"));
    static final String INGEST = "http://localhost:" + (8081 + OFFSET);
    static final String PROFILE = "http://localhost:" + (8082 + OFFSET);
    static final String FUNNEL = "http://localhost:" + (8083 + OFFSET);
    static final String CAMPAIGN = "http://localhost:" + (8084 + OFFSET);

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && "--render".equals(args[0])) { // print the report of an earlier run again
            Path out = Path.of(args[1]).resolve("last-run");
            System.out.println(Report.render(Api.JSON.readTree(out.resolve("summary.json").toFile()), out));
            return;
        }
        Path state = Path.of(args[0]);
        String dataFile = args[1];
        List<String> window = List.of(args).subList(2, args.length);
        System.exit(new DemoRun(state).run(dataFile, window));
    }

    private final Path state;
    private final Path out;
    private final Map<String, String> env;
    private final Api api;

    DemoRun(Path state) throws IOException {
        this.state = state;
        this.out = state.resolve("last-run");
        this.env = new LinkedHashMap<>();
        env.putAll(readEnv(state.resolve("infra.env")));
        env.putAll(readEnv(state.resolve("local.env")));
        this.api = new Api(env.get("CDP_ADMIN_TOKEN"));
    }

    int run(String dataFile, List<String> window) throws Exception {
        Instant started = Instant.now();
        recreate(out);
        boolean profile = api.up(PROFILE);
        boolean funnel = api.up(FUNNEL);
        boolean campaign = api.up(CAMPAIGN);
        ObjectNode summary = Api.JSON.createObjectNode();

        if (campaign) {
            summary.set("campaign", Campaigns.ensureDefault(api, CAMPAIGN));
        }

        step("replaying the shop's events through the ingest API (" + INGEST + "/v1/batch)");
        List<String> importArgs = new ArrayList<>(List.of("import-ga", "--file", dataFile, "--ingest", INGEST,
                "--write-key", env.get("CDP_WRITE_KEY"), "--concurrency", "8", "--summary",
                out.resolve("import.json").toString()));
        importArgs.addAll(window);
        int rc;
        try (PrintStream quiet = new PrintStream(Files.newOutputStream(out.resolve("import-stdout.json")))) {
            rc = io.cartback.importer.Main.run(importArgs.toArray(String[]::new), quiet, System.err, Map.of());
        }
        if (rc != 0) {
            System.err.println("the import did not complete (exit " + rc + "); see " + out.resolve("import.json"));
            return rc;
        }
        JsonNode imported = Api.JSON.readTree(out.resolve("import.json").toFile());
        summary.set("import", imported);
        Instant lastEvent = Instant.parse(imported.path("facts").path("lastEvent").asText());
        Instant importDone = Instant.now();

        Map<String, Collection<String>> groups = new LinkedHashMap<>();
        if (profile) {
            groups.put("profile-service", List.of(Topics.EVENTS));
        }
        if (funnel) {
            groups.put("funnel-service", List.of(Topics.EVENTS));
        }
        if (campaign) {
            groups.put("campaign-service", List.of(Topics.EVENTS, Topics.CHECKOUTS_ABANDONED, Topics.PROFILES));
        }
        try (ConsumerLag lag = new ConsumerLag(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
            if (!groups.isEmpty()) {
                step("waiting until every service has applied every event");
                lag.awaitCaughtUp(groups, Duration.ofMinutes(30));
            }
            if (funnel) {
                Instant t = lastEvent.plus(Duration.ofHours(2));
                step("advancing funnel-service's event time to " + t + " (last event + 2 h) so abandonment timers fire");
                api.post(FUNNEL + "/admin/watermark", Map.of("eventTime", t.toString()));
                lag.awaitCaughtUp(groups, Duration.ofMinutes(10));
            }
            if (campaign) {
                Instant t = lastEvent.plus(Duration.ofHours(2 + 24 + 1));
                step("advancing campaign-service's event time to " + t + " (past the 24 h campaign delay)");
                api.post(CAMPAIGN + "/admin/watermark", Map.of("eventTime", t.toString()));
                Mail.awaitQuiet(state.resolve("mail"), Duration.ofSeconds(5), Duration.ofMinutes(10));
                lag.awaitCaughtUp(groups, Duration.ofMinutes(10));
            }
        }
        Instant settled = Instant.now();

        summary.put("startedAt", started.toString());
        summary.put("importSeconds", Duration.between(started, importDone).toMillis() / 1000.0);
        summary.put("settleSeconds", Duration.between(importDone, settled).toMillis() / 1000.0);
        Report.collect(api, summary, imported, profile, funnel, campaign, state.resolve("mail"), out);
        Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("summary.json").toFile(), summary);
        System.out.println(Report.render(summary, out));
        return 0;
    }

    static void step(String what) {
        System.err.println("\u001b[1m[demo]\u001b[0m " + what);
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return m;
    }

    static void recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }
}
