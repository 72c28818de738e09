package io.cartback.profile.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What profile resolution needs from one tracked event. Identifier fields are raw (as sent); the rules decide
 * which are identities. {@code products} is null when the event carried no product list at all, and an empty
 * list when it carried an empty one (an empty cart).
 */
public record ProfileEvent(
        String messageId,
        String type,
        String event,
        String userId,
        String anonymousId,
        String previousId,
        String email,
        String deviceId,
        Instant timestamp,
        Map<String, Object> traits,
        String propertyChannel,
        List<Product> products,
        String orderId,
        BigDecimal orderRevenue,
        String currency,
        String deviceType,
        String channel,
        String timezone,
        String locale) {

    public ProfileEvent {
        traits = traits == null ? Map.of() : traits;
    }

    public boolean isTrack(String name) {
        return "track".equals(type) && name.equals(event);
    }

    public static Builder builder(String messageId, String type, Instant timestamp) {
        return new Builder(messageId, type, timestamp);
    }

    /** Test and mapping convenience; every field defaults to null. */
    public static final class Builder {
        private final String messageId;
        private final String type;
        private final Instant timestamp;
        private String event;
        private String userId;
        private String anonymousId;
        private String previousId;
        private String email;
        private String deviceId;
        private Map<String, Object> traits;
        private String propertyChannel;
        private List<Product> products;
        private String orderId;
        private BigDecimal orderRevenue;
        private String currency;
        private String deviceType;
        private String channel;
        private String timezone;
        private String locale;

        private Builder(String messageId, String type, Instant timestamp) {
            this.messageId = messageId;
            this.type = type;
            this.timestamp = timestamp;
        }

        public Builder event(String v) { this.event = v; return this; }
        public Builder userId(String v) { this.userId = v; return this; }
        public Builder anonymousId(String v) { this.anonymousId = v; return this; }
        public Builder previousId(String v) { this.previousId = v; return this; }
        public Builder email(String v) { this.email = v; return this; }
        public Builder deviceId(String v) { this.deviceId = v; return this; }
        public Builder traits(Map<String, Object> v) { this.traits = v; return this; }
        public Builder propertyChannel(String v) { this.propertyChannel = v; return this; }
        public Builder products(List<Product> v) { this.products = v; return this; }
        public Builder orderId(String v) { this.orderId = v; return this; }
        public Builder orderRevenue(BigDecimal v) { this.orderRevenue = v; return this; }
        public Builder currency(String v) { this.currency = v; return this; }
        public Builder deviceType(String v) { this.deviceType = v; return this; }
        public Builder channel(String v) { this.channel = v; return this; }
        public Builder timezone(String v) { this.timezone = v; return this; }
        public Builder locale(String v) { this.locale = v; return this; }

        public ProfileEvent build() {
            return new ProfileEvent(messageId, type, event, userId, anonymousId, previousId, email, deviceId,
                    timestamp, traits, propertyChannel, products, orderId, orderRevenue, currency, deviceType,
                    channel, timezone, locale);
        }
    }
}
