package io.cartback.importer.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GaCsvReaderTest {

    @Test
    void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() {
        List<GaRow> rows = GaTestData.csv(
                "2016-08-01 10:00:00.000,product_view,0123_1,0123,1,7,1,GGOEGFKQ020399,\"7\"\" Dog Frisbee\",\"Home/Lifestyle, Pets/\",2.99,,,,/x,desktop,United States,Direct",
                "2016-08-01 10:00:01.000,product_view,0123_1,0123,1,8,1,SKU2,\"two\nlines\",(not set),3,,,,/x,desktop,United States,Direct");
        assertEquals(2, rows.size());
        assertEquals("7\" Dog Frisbee", rows.get(0).productName());
        assertEquals("Home/Lifestyle, Pets/", rows.get(0).productCategory());
        assertEquals("two\nlines", rows.get(1).productName());
        assertEquals(3, rows.get(1).line(), "line numbers count physical lines of the file");
    }

    @Test
    void htmlEscapedProductNamesAreDecodedSoOneProductHasOneName() {
        List<GaRow> rows = GaTestData.csv(
                "2016-08-01 10:00:00.000,product_view,0123_1,0123,1,7,1,GGOEGFKQ020399,7&quot; Dog Frisbee,Home/Pets &amp; Co/,2.99,,,,/x,desktop,United States,Direct");
        assertEquals("7\" Dog Frisbee", rows.get(0).productName());
        assertEquals("Home/Pets & Co/", rows.get(0).productCategory());
        assertEquals("a &amp;quot; b", GaCsvReader.text("a &amp;amp;quot; b"), "decoded once, not recursively");
    }

    @Test
    void keepsIdsAsTextAndReadsEmptyFieldsAsNull() {
        GaRow row = GaTestData.csv(
                "2016-08-01 07:00:12.000,page_view,0423043652415339154_1470034812,0423043652415339154,3,1,,,,,,,,,/home,mobile,United States,Direct")
                .get(0);
        assertEquals("0423043652415339154", row.visitorId());
        assertEquals(Instant.parse("2016-08-01T07:00:12Z"), row.eventTime());
        assertNull(row.productIndex());
        assertNull(row.productSku());
        assertNull(row.priceUsd());
        assertNull(row.quantity());
        assertEquals(3, row.visitNumber());
    }

    @Test
    void readsColumnsByHeaderNameInAnyOrder() {
        String csv = "session_id,event_type,event_time,visitor_id,visit_number,hit_number,product_index,product_sku,"
                + "product_name,product_category,price_usd,quantity,transaction_id,transaction_revenue_usd,page_path,"
                + "device_category,country,channel_grouping\r\n"
                + "s_1,purchase,2016-08-01 07:00:00.5,v,1,3,1,SKU,Mug,(not set),8.99,10000000000000000,ORD1,12.99,/ordercompleted.html,desktop,Kenya,Direct\r\n";
        List<GaRow> rows = new ArrayList<>();
        new GaCsvReader(new StringReader(csv)).forEachRemaining(rows::add);
        GaRow row = rows.get(0);
        assertEquals("s_1", row.sessionId());
        assertEquals(Instant.parse("2016-08-01T07:00:00.500Z"), row.eventTime());
        assertEquals(10_000_000_000_000_000L, row.quantity());
        assertEquals(new BigDecimal("12.99"), row.transactionRevenueUsd());
        assertEquals("Direct", row.channelGrouping());
    }

    @Test
    void namesLineAndColumnOfABadValue() {
        GaFormatException e = assertThrows(GaFormatException.class, () -> GaTestData.csv(
                "2016-08-01 07:00:12.000,page_view,s,v,1,1,,,,,,,,,/home,mobile,US,Direct",
                "2016-08-01 07:00:13.000,add_to_cart,s,v,1,2,1,SKU,Mug,,twelve,1,,,/home,mobile,US,Direct"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("price_usd"), e.getMessage());
    }

    @Test
    void refusesAFileWithoutTheExpectedHeader() {
        GaFormatException e = assertThrows(GaFormatException.class,
                () -> new GaCsvReader(new StringReader("a,b,c\n1,2,3\n")));
        assertTrue(e.getMessage().contains("event_time"), e.getMessage());
    }

    @Test
    void readsTheRealFilesFirstRowsInTimeOrder() {
        List<GaRow> rows = GaTestData.firstRows(5000);
        assertEquals(5000, rows.size());
        GaRow first = rows.get(0);
        assertEquals(Instant.parse("2016-08-01T07:00:12Z"), first.eventTime());
        assertEquals("0423043652415339154_1470034812", first.sessionId());
        assertEquals("/google+redesign/shop+by+brand/google", first.pagePath());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(!rows.get(i).eventTime().isBefore(rows.get(i - 1).eventTime()), "row " + i);
        }
    }
}
