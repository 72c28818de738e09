package io.cartback.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real local stack for end-to-end tests: {@code ./cdp demo ... --keep-running} in its own state directory
 * and on its own ports (offset 100: services on 8181..8184; infrastructure below the kernel's ephemeral port
 * range so no outgoing connection can hold them), so it runs beside a developer's stack.
 */
final class Stack {
    static final Path ROOT = Path.of(System.getProperty("cdp.root", "..")).toAbsolutePath().normalize();
    static final Path STATE = ROOT.resolve("e2e/target/cdp-state");
    static final int OFFSET = 100;

    private Stack() {
    }

    static Map<String, String> env() {
        return Map.of("CDP_SKIP_BUILD", "1", "CDP_STATE_DIR", STATE.toString(), "CDP_PORT_OFFSET", Integer.toString(OFFSET),
                "CDP_KAFKA_PORT", "19192", "CDP_PG_PORT", "15532", "CDP_SMTP_PORT", "2625");
    }

    static String url(int port) {
        return "http://localhost:" + (port + OFFSET);
    }

    /** Runs ./cdp with args; output goes to e2e/target/cdp-&lt;first arg&gt;.log; returns the exit code. */
    static int cdp(long timeoutMinutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("cdp").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(ROOT.resolve("e2e/target"));
        File log = ROOT.resolve("e2e/target/cdp-" + args[0] + ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().putAll(env());
        Process p = pb.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./cdp " + String.join(" ", args) + " timed out; log: " + log);
        }
        return p.exitValue();
    }

    /** A credential of the running stack (.cdp/local.env: CDP_WRITE_KEY, CDP_ADMIN_TOKEN, ...). */
    static String envValue(String key) throws IOException {
        return value(STATE.resolve("local.env"), key);
    }

    /** Where its infrastructure listens (.cdp/infra.env: KAFKA_BOOTSTRAP_SERVERS, CDP_DB_INGEST_JDBC_URL, ...). */
    static String infraValue(String key) throws IOException {
        return value(STATE.resolve("infra.env"), key);
    }

    private static String value(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException(key + " missing in " + file);
    }
}
