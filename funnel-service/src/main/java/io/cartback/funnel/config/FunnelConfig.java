package io.cartback.funnel.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Funnel settings (prefix cdp.funnel); durations are ISO-8601 or Quarkus shorthand (30m, 1h). */
@ConfigMapping(prefix = "cdp.funnel")
public interface FunnelConfig {
    /** The store's time zone: report days and date ranges are in it. */
    @WithDefault("America/Los_Angeles")
    String storeTimeZone();

    /** Inactivity that ends a session. */
    @WithDefault("30m")
    Duration sessionGap();

    /** How far behind the newest event time the watermark trails; older events are too late. */
    @WithDefault("5m")
    Duration allowedLateness();

    /** Wall-clock idle time after which the watermark advances with the wall clock. */
    @WithDefault("2m")
    Duration idleAfter();

    /** A cart with items and no activity for this long (event time) is abandoned. */
    @WithDefault("1h")
    Duration abandonAfter();

    /** An order this long after an abandonment still counts as its recovery. */
    @WithDefault("30d")
    Duration recoveryWindow();

    Reasons reasons();

    interface Reasons {
        /**
         * Step id -> reason for a shopper who left at that step (cdp.funnel.reasons.steps.account=account_required);
         * entries here override the built-in mapping of the checkout steps (see README).
         */
        Map<String, String> steps();

        /** Leaving right after shipping/tax was shown or rose is extra_costs, whatever the step. */
        @WithDefault("true")
        boolean extraCostSignal();

        /** Checkout (first checkout event to leaving) longer than this is checkout_too_long. */
        @WithDefault("20m")
        Duration tooLongAfter();

        /** More checkout step views than this is checkout_too_long. */
        @WithDefault("15")
        int tooManyCheckoutViews();
    }
}
