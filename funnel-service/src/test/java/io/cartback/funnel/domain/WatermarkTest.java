package io.cartback.funnel.domain;

import static io.cartback.funnel.domain.Ev.t;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WatermarkTest {
    private final Instant wall = t("2030-01-01T00:00:00Z");

    @Test
    void watermarkIsMaxEventTimeMinusLatenessAndNeverGoesBack() {
        Watermark w = new Watermark(Duration.ofMinutes(5), Duration.ofMinutes(2), null, null, wall);
        w.observe(t("2024-05-01T10:00:00Z"), wall);
        assertEquals(t("2024-05-01T09:55:00Z"), w.current(wall));
        w.observe(t("2024-05-01T09:00:00Z"), wall);
        assertEquals(t("2024-05-01T09:55:00Z"), w.current(wall));
    }

    @Test
    void eventsInsideTheLatenessAreAcceptedAndOlderOnesAreTooLate() {
        Watermark w = new Watermark(Duration.ofMinutes(5), Duration.ofMinutes(2), null, null, wall);
        w.observe(t("2024-05-01T10:00:00Z"), wall);
        assertFalse(w.tooLate(t("2024-05-01T09:56:00Z"), wall));
        assertTrue(w.tooLate(t("2024-05-01T09:54:59Z"), wall));
    }

    @Test
    void idleStreamAdvancesWithTheWallClockAfterIdleTime() {
        Watermark w = new Watermark(Duration.ofMinutes(5), Duration.ofMinutes(2), null, null, wall);
        w.observe(t("2024-05-01T10:00:00Z"), wall);
        assertEquals(t("2024-05-01T09:55:00Z"), w.current(wall.plus(Duration.ofMinutes(2))));
        assertEquals(t("2024-05-01T10:05:00Z"), w.current(wall.plus(Duration.ofMinutes(12))));
    }

    @Test
    void replayCanPushTimePastTheEndOfTheData() {
        Watermark w = new Watermark(Duration.ofMinutes(5), Duration.ofMinutes(2), null, null, wall);
        w.observe(t("2024-05-01T10:00:00Z"), wall);
        assertEquals(t("2024-06-01T00:00:00Z"), w.advanceTo(t("2024-06-01T00:00:00Z"), wall));
        assertEquals(t("2024-06-01T00:00:00Z"), w.advanceTo(t("2024-05-02T00:00:00Z"), wall), "never back");
        assertTrue(w.tooLate(t("2024-05-31T00:00:00Z"), wall));
    }

    @Test
    void aPartitionReadAheadDoesNotMakeAnotherPartitionsEventsLate() {
        Watermark w = new Watermark(Duration.ofMinutes(5), Duration.ofMinutes(2), null, null, wall);
        w.observe(0, t("2024-05-01T10:00:00Z"), wall);
        w.observe(1, t("2024-05-01T14:00:00Z"), wall);
        assertEquals(t("2024-05-01T09:55:00Z"), w.current(wall));
        assertFalse(w.tooLate(t("2024-05-01T10:01:00Z"), wall));
        // partition 0 goes quiet: after idleAfter it no longer holds the watermark back
        w.observe(1, t("2024-05-01T14:10:00Z"), wall.plus(Duration.ofMinutes(3)));
        assertEquals(t("2024-05-01T14:05:00Z"), w.current(wall.plus(Duration.ofMinutes(3))));
    }
}
