package io.cartback.campaign.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.config.CampaignConfig;

/**
 * Signs the links in an email (HMAC-SHA256 under CDP_LINK_SIGNING_KEY): open pixel and click redirect are bound to
 * the send (and the target URL), the unsubscribe token also carries an expiry. Click targets must be on an allowed
 * host both when the email is rendered and when the link is followed.
 */
@ApplicationScoped
public class LinkSigner {
    private final SecretKeySpec key;
    private final String base;
    private final Set<String> allowedHosts;
    private final CampaignConfig config;

    public LinkSigner(CampaignConfig config) {
        if (config.linkSigningKey().length() < 32) {
            throw new IllegalStateException("cdp.campaign.link-signing-key must be at least 32 characters");
        }
        if (config.unsubscribeTokenTtl().compareTo(java.time.Duration.ofDays(30)) < 0) {
            // CAN-SPAM: an opt-out mechanism must keep working for at least 30 days after the email was sent
            throw new IllegalStateException("cdp.campaign.unsubscribe-token-ttl must be at least P30D");
        }
        this.config = config;
        this.key = new SecretKeySpec(config.linkSigningKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        String b = config.publicBaseUrl();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.allowedHosts = config.allowedLinkHosts().stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** One initialised Mac per thread: looking up and keying a Mac per link costs more than the HMAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sign(String payload) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(macs.get().doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    public boolean verify(String payload, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isAllowed(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The tracked link for a target, or null when the target is missing or on a host that is not allowed. */
    public String click(long sendId, String target) {
        if (target == null || !isAllowed(target)) {
            return null;
        }
        return base + "/t/c/" + sendId + "/" + sign("c|" + sendId + "|" + target) + "?u="
                + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    public String openPixel(long sendId) {
        return base + "/t/o/" + sendId + "/" + sign("o|" + sendId) + ".gif";
    }

    public String unsubscribe(long sendId, Instant wallNow) {
        long exp = wallNow.plus(config.unsubscribeTokenTtl()).getEpochSecond();
        String payload = sendId + "." + exp;
        return base + "/u/" + payload + "." + sign("u|" + payload);
    }

    /** The send id of a valid, unexpired unsubscribe token, or -1. */
    public long verifyUnsubscribe(String token, Instant wallNow) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return -1;
        }
        try {
            long sendId = Long.parseLong(parts[0]);
            long exp = Long.parseLong(parts[1]);
            if (!verify("u|" + parts[0] + "." + parts[1], parts[2]) || wallNow.getEpochSecond() > exp) {
                return -1;
            }
            return sendId;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
