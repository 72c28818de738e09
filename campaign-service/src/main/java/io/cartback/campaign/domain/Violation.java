package io.cartback.campaign.domain;

/** A field of a campaign definition that is not acceptable, by its JSON path. */
public record Violation(String field, String message) {
}
