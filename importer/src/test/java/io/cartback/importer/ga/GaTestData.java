package io.cartback.importer.ga;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the real GA export (../shared/data beside the repository; never copied into it) and reads slices. */
public final class GaTestData {
    private GaTestData() {
    }

    public static Path file() {
        String explicit = System.getenv("CDP_GA_FILE");
        if (explicit != null) {
            return Path.of(explicit);
        }
        Path dir = Path.of(System.getProperty("cdp.repo.dir", ".")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path data = d.resolve("shared").resolve("data");
            if (Files.isDirectory(data)) {
                try (Stream<Path> files = Files.list(data)) {
                    Path found = files.filter(f -> f.getFileName().toString().startsWith("google_merch_store")
                            && f.getFileName().toString().endsWith(".csv.gz")).findFirst().orElse(null);
                    if (found != null) {
                        return found;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("the GA export was not found in a shared/data folder above " + dir
                + "; set CDP_GA_FILE");
    }

    /** The first {@code n} rows of the real file. */
    public static List<GaRow> firstRows(int n) {
        try (GaCsvReader reader = GaCsvReader.open(file())) {
            List<GaRow> rows = new ArrayList<>(n);
            while (rows.size() < n && reader.hasNext()) {
                rows.add(reader.next());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows from CSV text with the real header, for hand-written cases. */
    public static List<GaRow> csv(String... lines) {
        StringBuilder sb = new StringBuilder(String.join(",", GaCsvReader.COLUMNS)).append('\n');
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        List<GaRow> rows = new ArrayList<>();
        new GaCsvReader(new StringReader(sb.toString())).forEachRemaining(rows::add);
        return rows;
    }
}
