package io.cartback.campaign.domain;

/** Why a due email was not sent; reported per campaign step. */
public enum SuppressionReason {
    ORDERED, CART_EMPTIED, NO_CONSENT, ERASED, CAPPED, NO_EMAIL, FILTERED, HOLDOUT;

    public String code() {
        return name().toLowerCase();
    }
}
