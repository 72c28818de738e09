package io.cartback.importer;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr: share of the input read, events acknowledged by ingest, events/s and ETA. Redrawn in
 * place on a terminal; on a pipe or CI log a plain line every 10 s.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final String unit;
    private final long total;
    private final LongSupplier done;
    private final LongSupplier events;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    public Progress(PrintStream err, String unit, long total, LongSupplier done, LongSupplier events) {
        this.err = err;
        this.unit = unit;
        this.total = total;
        this.done = done;
        this.events = events;
        this.interactive = System.console() != null;
        this.thread = new Thread(this::loop, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long every = interactive ? 250 : 10_000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                draw(false);
            }
        }
    }

    private synchronized void draw(boolean last) {
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long d = done.getAsLong();
        long ev = events.getAsLong();
        double share = total <= 0 ? 1 : Math.min(1, d / (double) total);
        int width = 24;
        int filled = (int) Math.round(share * width);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        double rate = ev / seconds;
        String eta = share <= 0 || last ? "--:--" : clock(seconds / share - seconds);
        String line = String.format(Locale.ROOT, "[%s] %3.0f%% %,d/%,d %s | %,d events | %,.0f events/s | %s %s",
                bar, share * 100, d, total, unit, ev, rate, last ? "took" : "ETA", last ? clock(seconds) : eta);
        if (interactive) {
            err.print("\r" + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        draw(true);
    }
}
