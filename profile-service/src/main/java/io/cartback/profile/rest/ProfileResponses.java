package io.cartback.profile.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;

/** Response bodies of the profile API besides the profile itself (which is the published ProfileSnapshot). */
public final class ProfileResponses {
    private ProfileResponses() {
    }

    public record CartResponse(String profileId, String currency, Instant updatedAt, long itemCount,
                               BigDecimal subtotal, List<ProductLine> lines) {
    }

    public record HistoryResponse(String profileId, List<ProfileSnapshot.ViewedProduct> recentlyViewed,
                                  ProfileSnapshot.Facts facts) {
    }

    public record IdentifierView(String identifier, String reason, String messageId, Instant linkedAt,
                                 Instant lastSeenAt) {
    }

    public record HistoryView(Instant at, String kind, String detail, String messageId, String otherProfileId,
                              List<String> identifiers) {
    }

    public record IdentityResponse(String profileId, List<IdentifierView> identifiers,
                                   List<String> mergedProfileIds, List<HistoryView> history) {
    }

    public record ErasureResponse(String profileId, int identifiersRemoved, int emailsSuppressed,
                                  boolean alreadyErased) {
    }
}
