package io.cartback.devinfra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import jakarta.mail.internet.MimeMessage;

/**
 * The local stack's infrastructure in one process, for {@code ./cdp up}: a real Kafka broker (KRaft), a real
 * PostgreSQL with one database per service, and an SMTP sink that writes every received message as an
 * {@code .eml} file. Writes {@code infra.env} (KEY=value) into the state directory when ready.
 *
 * <p>Fault injection for the chaos scripts: a line {@code <kafka|postgres|smtp> <stop|start>} written to
 * {@code run/infra.control} in the state directory is carried out and answered in {@code run/infra.control.done}
 * ({@code ok ...} or {@code error ...}); {@code ./cdp infra <component> <stop|start>} does both.
 *
 * <p>Usage: {@code LocalInfra <stateDir> [kafkaPort] [pgPort] [smtpPort]}
 */
public final class LocalInfra {
    public static final List<String> SERVICE_DATABASES = List.of("ingest", "profile", "funnel", "campaign");

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) {
            // Kafka leaves non-daemon threads behind when its startup fails (e.g. port taken): exit, so ./cdp sees it
            System.err.println("local infrastructure failed to start: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path state = Path.of(args.length > 0 ? args[0] : ".cdp").toAbsolutePath();
        int kafkaPort = args.length > 1 ? Integer.parseInt(args[1]) : 19092;
        int pgPort = args.length > 2 ? Integer.parseInt(args[2]) : 15432;
        int smtpPort = args.length > 3 ? Integer.parseInt(args[3]) : 2525;
        Files.createDirectories(state);
        Path mailDir = Files.createDirectories(state.resolve("mail"));

        EmbeddedKafka kafka = new EmbeddedKafka(Files.createDirectories(state.resolve("kafka")), kafkaPort);
        kafka.start();
        kafka.createTopics(TopicSpec.all());
        Postgres pg = Postgres.startEmbedded(Files.createDirectories(state.resolve("pgdata")), pgPort);
        List<String> env = new ArrayList<>();
        env.add("KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        for (String service : SERVICE_DATABASES) {
            Postgres.Database db = pg.database(service);
            String prefix = "CDP_DB_" + service.toUpperCase();
            env.add(prefix + "_REACTIVE_URL=" + db.reactiveUrl());
            env.add(prefix + "_JDBC_URL=" + db.jdbcUrl());
        }
        env.add("CDP_DB_USER=postgres");
        env.add("CDP_DB_PASSWORD=postgres");
        SmtpSink smtp = SmtpSink.start(smtpPort);
        env.add("SMTP_HOST=127.0.0.1");
        env.add("SMTP_PORT=" + smtp.port());
        env.add("MAIL_DIR=" + mailDir);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            smtp.close();
            kafka.stop();
            pg.close();
            stopped.countDown();
        }, "local-infra-stop"));

        Path envFile = state.resolve("infra.env");
        Files.write(envFile, env);
        System.out.println("local infrastructure ready: " + String.join(" ", env));

        Path control = Files.createDirectories(state.resolve("run")).resolve("infra.control");
        Path answer = control.resolveSibling("infra.control.done");
        int saved = 0;
        while (stopped.getCount() > 0) {
            if (Files.exists(control)) {
                String command = Files.readString(control).trim();
                Files.delete(control);
                String result = control(command, kafka, pg, smtp);
                System.out.println("control '" + command + "': " + result);
                Files.writeString(answer, result + "\n");
            }
            MimeMessage[] received = smtp.received();
            for (; saved < received.length; saved++) {
                Path file = mailDir.resolve(String.format("%06d.eml", saved + 1));
                try (OutputStream out = Files.newOutputStream(file)) {
                    received[saved].writeTo(out);
                } catch (IOException | jakarta.mail.MessagingException e) {
                    System.err.println("could not save mail " + file + ": " + e);
                }
            }
            Thread.sleep(250);
        }
    }

    private static String control(String command, EmbeddedKafka kafka, Postgres pg, SmtpSink smtp) {
        try {
            switch (command) {
                case "kafka stop" -> kafka.stop();
                case "kafka start" -> kafka.start();
                case "postgres stop" -> pg.stop();
                case "postgres start" -> pg.start();
                case "smtp stop" -> smtp.stop();
                case "smtp start" -> smtp.start();
                default -> {
                    return "error unknown command '" + command + "' (want <kafka|postgres|smtp> <stop|start>)";
                }
            }
            return "ok " + command;
        } catch (RuntimeException e) {
            e.printStackTrace();
            return "error " + command + ": " + e;
        }
    }

    private LocalInfra() {
    }
}
