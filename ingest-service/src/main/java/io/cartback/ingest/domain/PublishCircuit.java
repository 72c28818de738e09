package io.cartback.ingest.domain;

/**
 * Whether a request may try Kafka now. After a publish fails the circuit opens: requests are answered 503 at once
 * instead of queueing behind a broker that is gone (a Kafka 4 producer that lost the cluster re-bootstraps and
 * then blocks every send for {@code max.block.ms}, one after the other, so a queue would take minutes to drain
 * and clients would time out instead of hearing 503). While open, one request at a time is let through as a
 * probe, at most every {@code probeIntervalMs}; its success closes the circuit. A probe that has not finished
 * after {@code probeTimeoutMs} no longer blocks the next one. Thread-safe; times in epoch milliseconds.
 */
public final class PublishCircuit {
    private final long probeIntervalMs;
    private final long probeTimeoutMs;
    private boolean open;
    private boolean probing;
    private long probeStartedAt;

    public PublishCircuit(long probeIntervalMs, long probeTimeoutMs) {
        this.probeIntervalMs = probeIntervalMs;
        this.probeTimeoutMs = probeTimeoutMs;
    }

    /** True when this request may publish; when the circuit is open it becomes the probe. */
    public synchronized boolean admit(long now) {
        if (!open) {
            return true;
        }
        boolean probeOver = !probing || now - probeStartedAt >= probeTimeoutMs;
        if (probeOver && now - probeStartedAt >= probeIntervalMs) {
            probing = true;
            probeStartedAt = now;
            return true;
        }
        return false;
    }

    public synchronized void succeeded() {
        open = false;
        probing = false;
    }

    public synchronized void failed(long now) {
        if (!open) {
            probeStartedAt = now; // the first probe waits one interval
        }
        open = true;
        probing = false;
    }

    public synchronized boolean isOpen() {
        return open;
    }
}
