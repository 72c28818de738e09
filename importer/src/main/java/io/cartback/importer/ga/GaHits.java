package io.cartback.importer.ga;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Groups adjacent rows with the same session_id + hit_number into one hit (the export writes the product rows of
 * one e-commerce hit next to each other, in product_index order).
 */
public final class GaHits implements Iterator<List<GaRow>> {
    private final Iterator<GaRow> rows;
    private GaRow pending;

    public GaHits(Iterator<GaRow> rows) {
        this.rows = rows;
    }

    @Override
    public boolean hasNext() {
        return pending != null || rows.hasNext();
    }

    @Override
    public List<GaRow> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        GaRow first = pending != null ? pending : rows.next();
        pending = null;
        List<GaRow> hit = new ArrayList<>(1);
        hit.add(first);
        while (rows.hasNext()) {
            GaRow row = rows.next();
            if (row.hitNumber() == first.hitNumber() && row.sessionId().equals(first.sessionId())) {
                hit.add(row);
            } else {
                pending = row;
                break;
            }
        }
        return hit;
    }
}
