package io.cartback.ingest.domain;

import java.util.HexFormat;

/**
 * The erased identifiers ingest knows, as a set of 64-bit prefixes of their keyed hashes (HMAC-SHA256 output is
 * uniformly random, so the prefix is already a perfect hash). Open addressing over a {@code long[]} kept at most
 * half full: 16 to 32 bytes per identifier (twice that for a moment while it grows), against roughly 150 for a
 * {@code HashSet<String>} of the hex. The price of the prefix is a false match, one call in 2^64 / n dropped
 * wrongly (n = erased identifiers; for a million, once in 10^13 calls).
 *
 * <p>Add-only (an erasure is never undone) and not thread-safe by itself: {@link #add} is called by one thread and
 * {@link #contains} by many, so the owner publishes a new array reference after each growth (see the consumer).
 */
public final class ErasedSet {
    private static final long EMPTY = 0L;
    private volatile long[] slots = new long[1024];
    private volatile int size;

    /** Adds the hash given as hex (at least 16 hex digits); true when it was new. */
    public boolean add(String hexHash) {
        return add(prefix(hexHash));
    }

    public boolean add(long prefix) {
        long[] table = slots;
        if ((size + 1) * 2L > table.length) {
            table = grow(table);
        }
        if (!insert(table, prefix)) {
            return false;
        }
        slots = table; // publishes the new array (and the slot written) to readers
        size++;
        return true;
    }

    public boolean contains(String hexHash) {
        return contains(prefix(hexHash));
    }

    public boolean contains(long prefix) {
        long[] table = slots;
        return table[probe(table, prefix)] == prefix;
    }

    public int size() {
        return size;
    }

    /** Bytes held by the table (the figure the README's memory bound is about). */
    public long tableBytes() {
        return slots.length * 8L;
    }

    /** The first 16 hex digits as a long; 0 (the empty-slot marker) is mapped to 1. */
    public static long prefix(String hexHash) {
        if (hexHash == null || hexHash.length() < 16) {
            throw new IllegalArgumentException("not a keyed hash: " + hexHash);
        }
        long p = HexFormat.fromHexDigitsToLong(hexHash, 0, 16);
        return p == EMPTY ? 1L : p;
    }

    private static boolean insert(long[] table, long prefix) {
        int i = probe(table, prefix);
        if (table[i] == prefix) {
            return false;
        }
        table[i] = prefix;
        return true;
    }

    /** The slot holding {@code prefix}, else the empty slot where it belongs (linear probing; never full). */
    private static int probe(long[] table, long prefix) {
        int mask = table.length - 1;
        int i = (int) (prefix ^ (prefix >>> 32)) & mask;
        while (table[i] != EMPTY && table[i] != prefix) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long[] grow(long[] table) {
        long[] bigger = new long[table.length * 2];
        for (long v : table) {
            if (v != EMPTY) {
                insert(bigger, v);
            }
        }
        return bigger;
    }
}
