package io.cartback.campaign.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** campaign-service settings; secrets and URLs come from the environment in %prod with no default. */
@ConfigMapping(prefix = "cdp.campaign")
public interface CampaignConfig {
    /** HMAC key for unsubscribe, click and open links (CDP_LINK_SIGNING_KEY), at least 32 characters. */
    String linkSigningKey();

    /** Where this service is reachable from a mail client (CDP_PUBLIC_BASE_URL), e.g. https://cdp.shop.com. */
    String publicBaseUrl();

    /** Hosts a tracked link may redirect to; anything else is refused. */
    List<String> allowedLinkHosts();

    /** Link for "and N more" and carts without product URLs. */
    String shopUrl();

    /** "Name <address>" used when a campaign names no sender. */
    String defaultSender();

    /** Currency for carts that arrive without one and campaigns without an offer currency. */
    String defaultCurrency();

    Duration allowedLateness();

    Duration idleAdvanceAfter();

    /** How often the dispatcher looks for due sends (a Quarkus scheduler interval such as 1s). */
    String dispatchInterval();

    int batchSize();

    int concurrency();

    Duration lease();

    int maxAttempts();

    Duration retryBase();

    Duration unsubscribeTokenTtl();
}
