package io.cartback.campaign.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic holdout assignment: SHA-256 of campaign id and shopper id gives a bucket in 0..9999; the
 * shopper is held out when the bucket is below percent x 100. Same shopper, same campaign, same answer, on
 * every replica and after every restart; independent across campaigns.
 */
public final class Holdout {
    private Holdout() {
    }

    public static int bucket(String campaignId, String shopperId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + "\u0000" + shopperId).getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return (int) (v % 10_000);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isHeldOut(String campaignId, String shopperId, double percent) {
        if (percent <= 0) {
            return false;
        }
        return bucket(campaignId, shopperId) < Math.round(percent * 100);
    }
}
