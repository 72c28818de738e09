package io.cartback.importer.ga;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Streams the GA export (CSV, optionally gzip-compressed) row by row: RFC 4180 quoting (a quoted field may hold
 * commas, doubled quotes and line breaks), one header line naming the columns (any order), empty field = null.
 * Nothing is held in memory beyond the current row.
 */
public final class GaCsvReader implements Iterator<GaRow>, Closeable {

    static final String[] COLUMNS = {"event_time", "event_type", "session_id", "visitor_id", "visit_number",
            "hit_number", "product_index", "product_sku", "product_name", "product_category", "price_usd",
            "quantity", "transaction_id", "transaction_revenue_usd", "page_path", "device_category", "country",
            "channel_grouping"};

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    private final Reader in;
    private final int[] index = new int[COLUMNS.length];
    private final List<String> fields = new ArrayList<>(COLUMNS.length);
    private final StringBuilder field = new StringBuilder(64);
    private long line = 1;
    private long recordLine;
    private GaRow next;
    private boolean eof;

    public GaCsvReader(Reader in) {
        this.in = in;
        if (!readRecord()) {
            throw new GaFormatException("empty file: expected a header line");
        }
        List<String> header = List.copyOf(fields);
        for (int c = 0; c < COLUMNS.length; c++) {
            index[c] = header.indexOf(COLUMNS[c]);
            if (index[c] < 0) {
                throw new GaFormatException("header line lacks column '" + COLUMNS[c] + "' (found " + header + ")");
            }
        }
    }

    /** Opens a .csv or .csv.gz file (gzip is recognised by its magic bytes, not by the name). */
    public static GaCsvReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream data = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new GaCsvReader(new InputStreamReader(data, StandardCharsets.UTF_8));
    }

    @Override
    public boolean hasNext() {
        if (next == null && !eof) {
            next = readRow();
        }
        return next != null;
    }

    @Override
    public GaRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        GaRow row = next;
        next = null;
        return row;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private GaRow readRow() {
        while (readRecord()) {
            if (fields.size() == 1 && fields.get(0) == null) {
                continue; // blank line
            }
            if (fields.size() < COLUMNS.length) {
                throw new GaFormatException("line " + recordLine + ": " + fields.size() + " fields, expected "
                        + COLUMNS.length);
            }
            return toRow();
        }
        eof = true;
        return null;
    }

    private GaRow toRow() {
        String hit = col(5);
        if (hit == null) {
            throw bad(5, "is empty");
        }
        return new GaRow(recordLine, time(col(0)), required(1), required(2), required(3), integer(4),
                integer(5), integer(6), col(7), text(col(8)), text(col(9)), decimal(10), whole(11), col(12), decimal(13),
                col(14), col(15), col(16), col(17));
    }

    /**
     * Product names and categories as the shop shows them: some rows log them HTML-escaped ({@code 7&quot; Dog
     * Frisbee} beside {@code 7" Dog Frisbee}); the entities are decoded so one product has one name and emails,
     * which escape for HTML themselves, do not show {@code &quot;}.
     */
    static String text(String v) {
        if (v == null || v.indexOf('&') < 0) {
            return v;
        }
        return v.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private String col(int c) {
        return fields.get(index[c]);
    }

    private String required(int c) {
        String v = col(c);
        if (v == null) {
            throw bad(c, "is empty");
        }
        return v;
    }

    private Instant time(String v) {
        if (v == null) {
            throw bad(0, "is empty");
        }
        try {
            return LocalDateTime.parse(v, TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw bad(0, "'" + v + "' is not YYYY-MM-DD HH:MM:SS.mmm");
        }
    }

    private Integer integer(int c) {
        String v = col(c);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw bad(c, "'" + v + "' is not a whole number");
        }
    }

    private Long whole(int c) {
        String v = col(c);
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw bad(c, "'" + v + "' is not a whole number within 64 bits");
        }
    }

    private BigDecimal decimal(int c) {
        String v = col(c);
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw bad(c, "'" + v + "' is not a decimal number");
        }
    }

    private GaFormatException bad(int c, String what) {
        return new GaFormatException("line " + recordLine + ", column " + COLUMNS[c] + ": " + what);
    }

    /** Reads one RFC 4180 record into {@link #fields}; false at end of input. */
    private boolean readRecord() {
        fields.clear();
        field.setLength(0);
        recordLine = line;
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean any = false;
        while (true) {
            int ch = read();
            if (ch < 0) {
                if (quoted) {
                    throw new GaFormatException("line " + recordLine + ": quoted field not closed before end of file");
                }
                if (!any) {
                    return false;
                }
                endField();
                return true;
            }
            any = true;
            if (quoted) {
                if (ch == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append((char) ch);
                }
            } else if (ch == ',') {
                endField();
                wasQuoted = false;
            } else if (ch == '\n') {
                line++;
                endField();
                return true;
            } else if (ch == '\r') {
                // CRLF line ends: the \n that follows ends the record
            } else if (ch == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else {
                field.append((char) ch);
            }
        }
    }

    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;

    private int read() {
        if (pos == len && !fill()) {
            return -1;
        }
        return buf[pos++];
    }

    private int peek() {
        if (pos == len && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private boolean fill() {
        try {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            len = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + line, e);
        }
    }

    private void endField() {
        fields.add(field.length() == 0 ? null : field.toString());
        field.setLength(0);
    }
}
