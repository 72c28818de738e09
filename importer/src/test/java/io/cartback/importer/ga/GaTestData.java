package io.cartback.importer.ga;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the real GA export (../shared/data beside the repository; never copied into it) and reads slices. */
public final class GaTestData {
    private GaTestData() {
    }

    public static Path file() {
        Path dir = Path.of(System.getProperty("cdp.repo.dir", "."));
        return GaDataFile.find(dir).orElseThrow(() -> new IllegalStateException(
                "the GA export was not found in a shared/data folder above " + dir.toAbsolutePath() + "; set CDP_GA_FILE"));
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
