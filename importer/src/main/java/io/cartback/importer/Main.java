package io.cartback.importer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.cartback.importer.ga.GaCsvReader;
import io.cartback.importer.ga.GaEventMapper;
import io.cartback.importer.ga.GaFacts;
import io.cartback.importer.ga.GaFormatException;
import io.cartback.importer.ga.GaHits;
import io.cartback.importer.ga.GaOrderBook;
import io.cartback.importer.ga.GaRow;
import io.cartback.importer.ga.GaWindow;
import io.cartback.importer.ndjson.NdjsonExport;
import io.cartback.importer.send.DeliverySummary;
import io.cartback.importer.send.IngestSender;
import io.cartback.importer.send.Outgoing;

/**
 * The importer command line. Prints a JSON summary on stdout, progress on stderr. Exit status: 0 every call was
 * acknowledged (accepted, or rejected with a reason that the summary lists), 1 the import stopped with calls
 * undelivered or the input was unreadable, 2 wrong usage.
 */
public final class Main {

    static final String USAGE = """
            usage:
              importer import-ga --file F [--from YYYY-MM-DD --to YYYY-MM-DD | --days N | --all] [--zone ZONE]
                                 (--ingest URL [--write-key K] | --out FILE.ndjson[.gz])
                                 [--concurrency N] [--batch N] [--gzip] [--give-up-after SECONDS] [--summary FILE]
              importer facts --file F [--from YYYY-MM-DD --to YYYY-MM-DD | --days N | --all] [--zone ZONE]
              importer import-ndjson --file F.ndjson[.gz] --ingest URL [--write-key K]
                                 [--concurrency N] [--batch N] [--gzip] [--give-up-after SECONDS] [--summary FILE]
            Sends Segment calls in event-time order to URL/v1/batch (HTTP Basic: write key, empty password).
            The write key may come from the environment variable CDP_WRITE_KEY instead of --write-key.
            import-ga window: whole store days (--zone, default America/Los_Angeles), --from/--to inclusive;
            default the first 14 days of the file; --all for everything. --out writes the calls instead of sending.
            facts: prints the independent GaFacts of the window (orders, revenue, sessions per step), sends nothing.
            Defaults: --concurrency 4, --batch 100, --give-up-after 300.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Args a;
        try {
            a = Args.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("importer: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            Map<String, Object> summary = switch (a.command) {
                case "import-ga" -> importGa(a, err);
                case "facts" -> facts(a);
                default -> importNdjson(a, err);
            };
            String json = SegmentJson.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(summary);
            out.println(json);
            if (a.summary != null) {
                Path p = Path.of(a.summary);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, json + "\n");
            }
            Object delivery = summary.get("delivery");
            if (delivery instanceof DeliverySummary d && (d.fatalError() != null || d.undelivered() > 0)) {
                err.println("importer: stopped: " + d.fatalError() + " (" + d.undelivered() + " calls undelivered)");
                return 1;
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("importer: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("importer: no such file: " + e.getFile());
            return 1;
        } catch (GaFormatException e) {
            err.println("importer: " + a.file + ": " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("importer: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("importer: interrupted");
            return 1;
        }
    }

    private static Map<String, Object> importGa(Args a, PrintStream err) throws IOException, InterruptedException {
        Path file = Path.of(a.file);
        GaWindow window = a.window(file);

        // pass 1: the order book (an order's revenue and quantities may sit on a later hit) and the oracle facts
        GaOrderBook book = new GaOrderBook();
        GaFacts.Accumulator facts = new GaFacts.Accumulator();
        try (GaCsvReader reader = GaCsvReader.open(file)) {
            Iterator<GaRow> rows = window.filter(reader);
            Iterator<GaRow> counted = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public GaRow next() {
                    GaRow r = rows.next();
                    facts.add(r);
                    return r;
                }
            };
            new GaHits(counted).forEachRemaining(book::add);
        }
        long total = facts.rows();

        // pass 2: map hit by hit, in file (= event-time) order, and send
        GaEventMapper mapper = new GaEventMapper(book);
        AtomicLong rowsDone = new AtomicLong();
        Delivery delivery = a.delivery();
        try (GaCsvReader reader = GaCsvReader.open(file);
                Progress progress = new Progress(err, "rows", total, rowsDone::get, delivery::acknowledged)) {
            GaHits hits = new GaHits(window.filter(reader));
            outer:
            while (hits.hasNext()) {
                List<GaRow> hit = hits.next();
                for (SegmentCall call : mapper.map(hit)) {
                    if (!delivery.accept(new Outgoing(call.messageId(), call.shopperKey(), SegmentJson.bytes(call),
                            call.timestamp()))) {
                        break outer;
                    }
                }
                rowsDone.addAndGet(hit.size());
            }
            delivery.finish();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "import-ga");
        summary.put("file", file.toString());
        summary.put("window", windowJson(window, a));
        summary.put("note", "The data has no e-mail addresses: each visitor reaching the your-info step got one "
                + "identify with a generated address v<visitor_id>@" + GaEventMapper.EMAIL_DOMAIN
                + " (reserved domain, undeliverable). See docs/ga-mapping.md.");
        summary.put("facts", facts.facts());
        summary.put("mapping", mapper.stats());
        summary.put("quirks", mapper.stats().quirks());
        delivery.into(summary);
        return summary;
    }

    private static Map<String, Object> facts(Args a) throws IOException {
        Path file = Path.of(a.file);
        GaWindow window = a.window(file);
        GaFacts facts;
        try (GaCsvReader reader = GaCsvReader.open(file)) {
            facts = GaFacts.of(window.filter(reader));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "facts");
        summary.put("file", file.toString());
        summary.put("window", windowJson(window, a));
        summary.put("facts", facts);
        return summary;
    }

    private static Map<String, Object> windowJson(GaWindow window, Args a) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("all", window == GaWindow.ALL);
        if (window != GaWindow.ALL) {
            w.put("start", window.start());
            w.put("end", window.end());
            w.put("zone", a.zone.getId());
        }
        return w;
    }

    private static Map<String, Object> importNdjson(Args a, PrintStream err) throws IOException, InterruptedException {
        NdjsonExport export = new NdjsonExport(Path.of(a.file));
        long lines = export.scan();
        Delivery delivery = a.delivery();
        try (Progress progress = new Progress(err, "lines", lines, export::linesRead, delivery::acknowledged)) {
            export.forEach(delivery::accept);
            delivery.finish();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "import-ndjson");
        summary.put("file", a.file);
        summary.put("export", export.stats());
        delivery.into(summary);
        return summary;
    }

    /** Where calls go: the ingest API, or an NDJSON file (--out). */
    private static final class Delivery {
        private final IngestSender sender;
        private final OutputStream file;
        private long written;
        private DeliverySummary result;

        Delivery(IngestSender sender, OutputStream file) {
            this.sender = sender;
            this.file = file;
        }

        boolean accept(Outgoing call) throws InterruptedException {
            if (sender != null) {
                return sender.submit(call);
            }
            try {
                file.write(call.json());
                file.write('\n');
                written++;
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long acknowledged() {
            return sender != null ? sender.acknowledged() : written;
        }

        void finish() throws InterruptedException {
            if (sender != null) {
                result = sender.finish();
            } else {
                try {
                    file.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void into(Map<String, Object> summary) {
            if (sender != null) {
                summary.put("delivery", result);
            } else {
                summary.put("written", written);
            }
        }
    }

    /** Parsed command line. */
    static final class Args {
        String command;
        String file;
        LocalDate from;
        LocalDate to;
        Integer days;
        boolean all;
        ZoneId zone = GaWindow.STORE_ZONE;
        URI ingest;
        String writeKey;
        String out;
        int concurrency = 4;
        int batch = 100;
        boolean gzip;
        int giveUpAfter = 300;
        String summary;

        static Args parse(String[] argv, Map<String, String> env) {
            if (argv.length == 0) {
                throw new IllegalArgumentException("no command");
            }
            Args a = new Args();
            a.command = argv[0];
            if (!a.command.equals("import-ga") && !a.command.equals("import-ndjson") && !a.command.equals("facts")) {
                throw new IllegalArgumentException("unknown command '" + a.command + "'");
            }
            Map<String, String> seen = new HashMap<>();
            for (int i = 1; i < argv.length; i++) {
                String opt = argv[i];
                switch (opt) {
                    case "--all" -> a.all = true;
                    case "--gzip" -> a.gzip = true;
                    case "--file", "--from", "--to", "--days", "--zone", "--ingest", "--write-key", "--out",
                            "--concurrency", "--batch", "--give-up-after", "--summary" -> {
                        if (i + 1 >= argv.length) {
                            throw new IllegalArgumentException(opt + " needs a value");
                        }
                        String v = argv[++i];
                        if (seen.put(opt, v) != null) {
                            throw new IllegalArgumentException(opt + " given twice");
                        }
                        a.set(opt, v);
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + opt + "'");
                }
            }
            if (a.file == null) {
                throw new IllegalArgumentException("--file is required");
            }
            if (a.writeKey == null) {
                a.writeKey = env.get("CDP_WRITE_KEY");
            }
            if (a.command.equals("facts")) {
                if (a.ingest != null || a.out != null || a.writeKey != null && seen.containsKey("--write-key")) {
                    throw new IllegalArgumentException("facts sends nothing: no --ingest/--out/--write-key");
                }
            } else if (a.out == null) {
                if (a.ingest == null) {
                    throw new IllegalArgumentException("--ingest URL is required (or --out FILE for import-ga)");
                }
                if (a.writeKey == null || a.writeKey.isBlank()) {
                    throw new IllegalArgumentException("a write key is required: --write-key K or CDP_WRITE_KEY");
                }
            } else if (a.ingest != null) {
                throw new IllegalArgumentException("--out and --ingest exclude each other");
            }
            if (a.command.equals("import-ndjson") && (a.all || a.from != null || a.to != null || a.days != null
                    || seen.containsKey("--zone") || a.out != null)) {
                throw new IllegalArgumentException("--from/--to/--days/--all/--zone/--out are for import-ga only");
            }
            if (a.all && (a.from != null || a.to != null || a.days != null)) {
                throw new IllegalArgumentException("--all excludes --from/--to/--days");
            }
            if ((a.from == null) != (a.to == null)) {
                throw new IllegalArgumentException("--from and --to go together");
            }
            if (a.from != null && a.days != null) {
                throw new IllegalArgumentException("--days excludes --from/--to");
            }
            if (a.from != null && a.to.isBefore(a.from)) {
                throw new IllegalArgumentException("--to " + a.to + " is before --from " + a.from);
            }
            return a;
        }

        private void set(String opt, String v) {
            try {
                switch (opt) {
                    case "--file" -> file = v;
                    case "--from" -> from = LocalDate.parse(v);
                    case "--to" -> to = LocalDate.parse(v);
                    case "--days" -> days = positive(opt, v);
                    case "--zone" -> zone = ZoneId.of(v);
                    case "--ingest" -> {
                        ingest = URI.create(v);
                        if (!"http".equals(ingest.getScheme()) && !"https".equals(ingest.getScheme())) {
                            throw new IllegalArgumentException("--ingest must be an http(s) URL, got '" + v + "'");
                        }
                    }
                    case "--write-key" -> writeKey = v;
                    case "--out" -> out = v;
                    case "--concurrency" -> concurrency = positive(opt, v);
                    case "--batch" -> batch = positive(opt, v);
                    case "--give-up-after" -> giveUpAfter = positive(opt, v);
                    case "--summary" -> summary = v;
                    default -> throw new IllegalArgumentException(opt);
                }
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(opt + " '" + v + "': " + e.getMessage());
            }
        }

        private static int positive(String opt, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(opt + " must be a whole number >= 1, got '" + v + "'");
            }
        }

        GaWindow window(Path file) throws IOException {
            if (all) {
                return GaWindow.ALL;
            }
            if (from != null) {
                return GaWindow.days(from, to, zone);
            }
            try (GaCsvReader reader = GaCsvReader.open(file)) {
                if (!reader.hasNext()) {
                    return GaWindow.ALL;
                }
                return GaWindow.firstDays(reader.next().eventTime(), days == null ? GaWindow.DEFAULT_DAYS : days,
                        zone);
            }
        }

        Delivery delivery() throws IOException {
            if (out != null) {
                Path p = Path.of(out);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                OutputStream os = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
                return new Delivery(null, out.endsWith(".gz") ? new GZIPOutputStream(os, 1 << 16) : os);
            }
            return new Delivery(new IngestSender(new IngestSender.Options(ingest, writeKey, concurrency, batch, gzip,
                    Duration.ofSeconds(giveUpAfter), Duration.ofSeconds(30))), null);
        }
    }
}
