package io.cartback.importer.ga;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the Google Merchandise Store export lives: {@code CDP_GA_FILE} if set, else the first
 * {@code google_merch_store*.csv.gz} in a {@code shared/data} folder at or above {@code start} (the data sits beside
 * the repository and is never copied into it).
 */
public final class GaDataFile {
    private GaDataFile() {
    }

    public static Optional<Path> find(Path start) {
        String explicit = System.getenv("CDP_GA_FILE");
        if (explicit != null) {
            return Optional.of(Path.of(explicit));
        }
        for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path data = d.resolve("shared").resolve("data");
            if (Files.isDirectory(data)) {
                try (Stream<Path> files = Files.list(data)) {
                    Optional<Path> found = files.filter(f -> f.getFileName().toString().startsWith("google_merch_store")
                            && f.getFileName().toString().endsWith(".csv.gz")).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Optional.empty();
    }
}
