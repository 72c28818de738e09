package io.cartback.profile.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.cartback.profile.domain.ProfileRecords.HistoryEntry;

class ProfileEngineTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static Product product(String id, Long quantity, String price) {
        return new Product(id, "sku-" + id, "Product " + id, "Mugs", null, null,
                price == null ? null : new BigDecimal(price), quantity, "https://shop/p/" + id, null);
    }

    static ProfileEvent track(String messageId, int minute, String anon, String user, String event, Product... products) {
        return ProfileEvent.builder(messageId, "track", t(minute)).event(event).anonymousId(anon).userId(user)
                .products(products.length == 0 ? null : List.of(products)).currency("USD").build();
    }

    static ProfileEvent identify(String messageId, int minute, String anon, String user, Map<String, Object> traits) {
        return ProfileEvent.builder(messageId, "identify", t(minute)).anonymousId(anon).userId(user).traits(traits)
                .email(traits.get("email") instanceof String s ? s : null).build();
    }

    static ProfileEvent alias(String messageId, int minute, String previousId, String user) {
        return ProfileEvent.builder(messageId, "alias", t(minute)).previousId(previousId).userId(user).build();
    }

    static ProfileEvent onDevice(ProfileEvent e, String deviceId) {
        return new ProfileEvent(e.messageId(), e.type(), e.event(), e.userId(), e.anonymousId(), e.previousId(),
                e.email(), deviceId, e.timestamp(), e.traits(), e.propertyChannel(), e.products(), e.orderId(),
                e.orderRevenue(), e.currency(), e.deviceType(), e.channel(), e.timezone(), e.locale());
    }

    static Map<String, Long> cart(Profile p) {
        Map<String, Long> m = new HashMap<>();
        p.cart().lines().forEach(l -> m.put(l.product().productId(), l.quantity()));
        return m;
    }

    @Nested
    class Identity {
        @Test
        void identifyLinksAnonymousHistoryToTheUser() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Product Viewed", product("P1", null, "10")),
                    identify("m2", 5, "a1", "u1", Map.of("email", "Ann@Example.COM")));
            Profile p = s.get("userId:u1");
            assertEquals(p.id(), s.get("anonymousId:a1").id());
            assertEquals(p.id(), s.get("email:Ann@example.com").id());
            assertEquals(1, p.recentlyViewed().size());
            assertEquals(1, s.partition().size());
        }

        @Test
        void loginOnAnAnonymousProfileMergesItIntoTheExistingAccountAndPublishesTheMerge() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a-laptop", "u1", Map.of()),
                    track("m2", 10, "a-phone", null, "Product Added", product("P1", 1L, "10")));
            String anonProfile = s.get("anonymousId:a-phone").id();
            s.apply(identify("m3", 20, "a-phone", "u1", Map.of()));
            Profile p = s.get("userId:u1");
            assertEquals(Set.of("a-laptop", "a-phone"), Set.copyOf(p.values(IdType.ANONYMOUS_ID)));
            assertEquals(1, s.merges.size());
            MergeRecord m = s.merges.get(0);
            assertEquals(p.id(), m.survivingProfileId());
            assertEquals(List.of(anonProfile), m.mergedProfileIds());
            assertTrue(m.identifiers().containsAll(List.of("anonymousId:a-phone", "userId:u1")), m.identifiers().toString());
            assertEquals(p.id(), s.mergedInto.get(anonProfile));
            assertTrue(p.history().stream().anyMatch(h -> h.kind().equals("merged") && h.detail().contains("m3")));
        }

        @Test
        void twoShoppersOnOneDeviceAreNeverMergedAndTheDeviceGoesToTheLatestUser() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "shared", "alice", Map.of()),
                    identify("m2", 30, "shared", "bob", Map.of()));
            Profile alice = s.byKeyOrMerged("userId:alice");
            Profile bob = s.get("userId:bob");
            assertNotEquals(alice.id(), bob.id());
            assertEquals(bob.id(), s.get("anonymousId:shared").id());
            assertTrue(alice.history().stream().anyMatch(h -> h.kind().equals("merge-refused")));
            assertTrue(alice.history().stream().anyMatch(h -> h.kind().equals("relinked-away")));
            assertTrue(bob.history().stream().anyMatch(h -> h.kind().equals("relinked")));
            MergeRecord relink = s.merges.get(s.merges.size() - 1);
            assertEquals(List.of(), relink.mergedProfileIds());
            assertTrue(relink.identifiers().contains("anonymousId:shared"));
            assertTrue(relink.identifiers().contains("userId:bob"));
        }

        @Test
        void aLateEventOfTheEarlierUserDoesNotTakeTheDeviceBack() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "shared", "alice", Map.of()),
                    identify("m2", 30, "shared", "bob", Map.of()),
                    identify("m3", 10, "shared", "alice", Map.of()));
            assertEquals(s.get("userId:bob").id(), s.get("anonymousId:shared").id());
            assertTrue(s.get("userId:alice").history().stream()
                    .anyMatch(h -> h.kind().equals("merge-refused") && "m3".equals(h.messageId())));
        }

        @Test
        void anAnonymousEventOnASharedDeviceGoesToWhoeverHoldsTheDeviceNow() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "shared", "alice", Map.of()),
                    identify("m2", 30, "shared", "bob", Map.of()),
                    track("m3", 40, "shared", null, "Product Added", product("P1", 1L, "5")));
            assertEquals(Map.of("P1", 1L), cart(s.get("userId:bob")));
            assertTrue(s.get("userId:alice").cart().isEmpty());
        }

        @Test
        void aliasBetweenTwoIdentifiedUsersIsRefusedAndRecorded() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of()), identify("m2", 1, "a2", "u2", Map.of()),
                    alias("m3", 2, "u1", "u2"));
            assertNotEquals(s.get("userId:u1").id(), s.get("userId:u2").id());
            assertTrue(s.get("userId:u2").history().stream()
                    .anyMatch(h -> h.kind().equals("merge-refused") && h.detail().contains("u1")));
            assertTrue(s.merges.isEmpty(), "no merge is published for a refused alias");
        }

        @Test
        void aliasFromAnonymousIdLinksItToTheUser() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Product Added", product("P1", 2L, "5")),
                    identify("m2", 1, "a2", "u1", Map.of()),
                    alias("m3", 2, "a1", "u1"));
            Profile p = s.get("userId:u1");
            assertEquals(p.id(), s.get("anonymousId:a1").id());
            assertEquals(Map.of("P1", 2L), cart(p));
        }

        @Test
        void aliasChainsResolveTransitively() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Page"),
                    alias("m2", 1, "a1", "u-old"),
                    alias("m3", 2, "u-old", "u-new"),
                    track("m4", 3, null, "u-new", "Product Added", product("P1", 1L, "5")));
            Profile p = s.get("anonymousId:a1");
            assertEquals(p.id(), s.get("userId:u-old").id());
            assertEquals(p.id(), s.get("userId:u-new").id());
            assertEquals(Map.of("P1", 1L), cart(p));
            assertEquals(1, s.partition().size());
        }

        @Test
        void aliasLoopsTerminateAndLeaveOneProfile() {
            InMemoryStore s = new InMemoryStore();
            s.apply(alias("m1", 0, "x", "y"), alias("m2", 1, "y", "x"), alias("m3", 2, "x", "y"),
                    alias("m4", 3, "y", "y"));
            assertEquals(1, s.partition().size());
            assertEquals(s.get("userId:x").id(), s.get("userId:y").id());
        }

        @Test
        void junkIdentifiersAreNotIdentities() {
            InMemoryStore s = new InMemoryStore();
            List<ProfileEngine.Result> r = s.apply(
                    track("m1", 0, "undefined", "null", "Page"),
                    track("m2", 1, " ", "0", "Page"),
                    track("m3", 2, "a1", "undefined", "Page"),
                    track("m4", 3, "a2", "anonymous", "Page"),
                    identify("m5", 4, "a3", null, Map.of("email", "not-an-email")));
            assertFalse(r.get(0).applied());
            assertFalse(r.get(1).applied());
            assertEquals(3, s.partition().size(), "a1, a2 and a3 stay apart: junk userIds join nobody");
            assertFalse(s.get("anonymousId:a1").hasUserId());
            assertTrue(s.get("anonymousId:a3").values(IdType.EMAIL).isEmpty());
        }

        @Test
        void configuredBlockedValuesAreNotIdentities() {
            InMemoryStore s = new InMemoryStore(IdentityRules.defaults().withBlocked(Set.of("test@example.com", "guest")));
            s.apply(identify("m1", 0, "a1", "guest", Map.of("email", "TEST@example.com")),
                    identify("m2", 1, "a2", "guest", Map.of("email", "test@example.com")));
            assertEquals(2, s.partition().size());
            assertTrue(s.byKey("userId:guest").isEmpty());
        }

        @Test
        void oneEmailOnTwoAccountsDoesNotMergeThemAndTheEmailFollowsTheLatestAccount() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email", "shared@family.com")),
                    identify("m2", 5, "a2", "u2", Map.of("email", "shared@family.com")));
            assertNotEquals(s.get("userId:u1").id(), s.get("userId:u2").id());
            assertEquals(s.get("userId:u2").id(), s.get("email:shared@family.com").id());
            assertEquals(s.get("userId:u1").id(), s.get("anonymousId:a1").id());
            assertEquals("shared@family.com", s.get("userId:u1").traitValues().get("email"));
        }

        @Test
        void anonymousProfilesSharingAnEmailMergeIntoTheOldest() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Page"), track("m2", 5, "a2", null, "Page"),
                    identify("m3", 6, "a2", null, Map.of("email", "x@y.com")),
                    identify("m4", 7, "a1", null, Map.of("email", "x@y.com")));
            assertEquals(1, s.partition().size());
            assertEquals(t(0), s.get("email:x@y.com").createdAt());
        }

        @Test
        void perTypeLimitUnlinksTheLeastRecentlySeenIdentifier() {
            InMemoryStore s = new InMemoryStore(IdentityRules.defaults().withLimit(IdType.ANONYMOUS_ID, 2));
            s.apply(identify("m1", 0, "a1", "u1", Map.of()), identify("m2", 1, "a2", "u1", Map.of()),
                    track("m3", 2, "a1", null, "Page"),
                    identify("m4", 3, "a3", "u1", Map.of()));
            Profile p = s.get("userId:u1");
            assertEquals(Set.of("a1", "a3"), Set.copyOf(p.values(IdType.ANONYMOUS_ID)));
            assertTrue(s.byKey("anonymousId:a2").isEmpty());
            assertTrue(p.history().stream().anyMatch(h -> h.kind().equals("evicted") && h.identifiers().contains("anonymousId:a2")));
        }

        @Test
        void deviceIdFromContextLinksDevicesOfOneShopper() {
            InMemoryStore s = new InMemoryStore();
            s.apply(onDevice(track("m1", 0, "a1", null, "Page"), "dev-1"),
                    onDevice(track("m2", 1, "a2", null, "Page"), "dev-1"));
            assertEquals(1, s.partition().size());
            assertEquals(Set.of("a1", "a2"), Set.copyOf(s.get("deviceId:dev-1").values(IdType.ANONYMOUS_ID)));
        }

        @Test
        void manyUpdatesForOneProfileInOneBatchAreAllKept() {
            InMemoryStore s = new InMemoryStore();
            List<ProfileEvent> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(track("m" + i, i, "a1", null, "Product Added", product("P" + (i % 5), 1L, "2")));
            }
            batch.add(identify("id", 60, "a1", "u1", Map.of("email", "a@b.co")));
            s.batch(batch);
            Profile p = s.get("userId:u1");
            assertEquals(Map.of("P0", 10L, "P1", 10L, "P2", 10L, "P3", 10L, "P4", 10L), cart(p));
            assertEquals(1, p.version(), "one batch is one version");
        }

        @Test
        void redeliveredEventsChangeNothing() {
            InMemoryStore s = new InMemoryStore();
            ProfileEvent add = track("m1", 0, "a1", null, "Product Added", product("P1", 1L, "2"));
            s.apply(add);
            Profile.Data before = s.profiles.get(s.get("anonymousId:a1").id());
            List<ProfileEngine.Result> again = s.batch(List.of(add, add));
            assertFalse(again.get(0).applied());
            assertEquals(before, s.profiles.get(s.get("anonymousId:a1").id()));
            assertEquals(Map.of("P1", 1L), cart(s.get("anonymousId:a1")));
        }

        @Test
        void theResultDoesNotDependOnBatchingOrOrderWithinTheLateness() {
            List<ProfileEvent> events = List.of(
                    track("e1", 0, "a1", null, "Product Viewed", product("P1", null, "10")),
                    track("e2", 1, "a1", null, "Product Added", product("P1", 1L, "10")),
                    identify("e3", 2, "a1", "u1", Map.of("email", "u1@shop.com", "name", "Ann")),
                    track("e4", 3, "a2", null, "Product Added", product("P2", 2L, "5")),
                    identify("e5", 4, "a2", "u1", Map.of("name", "Ann B")),
                    onDevice(track("e6", 5, "a3", null, "Page"), "d1"),
                    identify("e7", 6, "a3", "u2", Map.of()),
                    alias("e8", 7, "a4", "u2"),
                    track("e9", 8, "a4", null, "Product Added", product("P3", 1L, "1")));
            InMemoryStore oneByOne = new InMemoryStore();
            oneByOne.apply(events.toArray(ProfileEvent[]::new));
            InMemoryStore oneBatch = new InMemoryStore();
            oneBatch.batch(events);
            assertEquals(oneByOne.partition(), oneBatch.partition());
            assertEquals(cart(oneByOne.get("userId:u1")), cart(oneBatch.get("userId:u1")));
            Random random = new Random(7);
            for (int round = 0; round < 20; round++) {
                List<ProfileEvent> shuffled = new ArrayList<>(events);
                Collections.shuffle(shuffled, random);
                InMemoryStore s = new InMemoryStore();
                int cut = random.nextInt(shuffled.size());
                s.batch(shuffled.subList(0, cut));
                s.batch(shuffled.subList(cut, shuffled.size()));
                assertEquals(oneByOne.partition(), s.partition(), "order " + shuffled.stream().map(ProfileEvent::messageId).toList());
                assertEquals(Map.of("P1", 1L, "P2", 2L), cart(s.get("userId:u1")));
                assertEquals("Ann B", s.get("userId:u1").traitValues().get("name"));
            }
        }
    }

    @Nested
    class Content {
        @Test
        void traitsAreLastWriteWinsByEventTimeSoALateOldValueDoesNotOverwrite() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 10, "a1", "u1", Map.of("plan", "gold", "city", "Oslo")),
                    identify("m2", 5, "a1", "u1", Map.of("plan", "silver", "age", 40)));
            Map<String, Object> traits = s.get("userId:u1").traitValues();
            assertEquals("gold", traits.get("plan"));
            assertEquals(40, traits.get("age"));
            assertEquals("Oslo", traits.get("city"));
        }

        @Test
        void cartFollowsAddsAndRemovesWithTheStatedQuantityRules() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Product Added", product("P1", null, "10")),
                    track("m2", 1, "a1", null, "Product Added", product("P1", 2L, "10")),
                    track("m3", 2, "a1", null, "Product Added", product("P2", 0L, "3")),
                    track("m4", 3, "a1", null, "Product Added", product("P3", -2L, "3")),
                    track("m5", 4, "a1", null, "Product Added", product("P4", 1L, "3")),
                    track("m6", 5, "a1", null, "Product Removed", product("P1", 1L, "10")),
                    track("m7", 6, "a1", null, "Product Removed", product("P4", null, "3")),
                    track("m8", 7, "a1", null, "Product Removed", product("P1", -5L, "10")));
            assertEquals(Map.of("P1", 2L), cart(s.get("anonymousId:a1")));
        }

        @Test
        void cartViewedIsTheAuthoritativeCartAndOrderCompletedClearsIt() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Product Added", product("P1", 1L, "10")),
                    track("m2", 1, "a1", null, "Cart Viewed", product("P2", 3L, "4"), product("P3", 0L, "1")));
            assertEquals(Map.of("P2", 3L), cart(s.get("anonymousId:a1")));
            s.apply(track("m3", 2, "a1", null, "Order Completed", product("P2", 3L, "4")));
            Profile p = s.get("anonymousId:a1");
            assertTrue(p.cart().isEmpty());
            assertEquals(1, p.facts().orders());
            assertEquals(new BigDecimal("12"), p.facts().revenue());
            assertEquals(List.of("P2"), p.facts().purchasedProductIds());
        }

        @Test
        void aLateCartEventOlderThanTheLastSnapshotOrOrderIsIgnored() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 10, "a1", null, "Cart Viewed", product("P1", 1L, "10")),
                    track("m2", 5, "a1", null, "Product Added", product("P9", 1L, "10")),
                    track("m3", 20, "a1", null, "Order Completed"),
                    track("m4", 15, "a1", null, "Product Added", product("P8", 1L, "10")));
            assertTrue(s.get("anonymousId:a1").cart().isEmpty());
        }

        @Test
        void aLineAddedAfterTheOrderSurvivesTheOrderArrivingLate() {
            InMemoryStore s = new InMemoryStore();
            s.apply(track("m1", 0, "a1", null, "Product Added", product("P1", 1L, "10")),
                    track("m2", 30, "a1", null, "Product Added", product("P2", 1L, "10")),
                    track("m3", 20, "a1", null, "Order Completed"));
            assertEquals(Map.of("P2", 1L), cart(s.get("anonymousId:a1")));
        }

        @Test
        void guestCartAndAccountCartAreUnitedAtLoginAndTheNewerLineWins() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "laptop", "u1", Map.of()),
                    track("m2", 1, "laptop", "u1", "Product Added", product("SHARED", 1L, "10")),
                    track("m3", 2, "laptop", "u1", "Product Added", product("ACCOUNT", 1L, "20")),
                    track("m4", 10, "phone", null, "Product Added", product("SHARED", 3L, "9")),
                    track("m5", 11, "phone", null, "Product Added", product("GUEST", 1L, "5")),
                    identify("m6", 12, "phone", "u1", Map.of()));
            Profile p = s.get("userId:u1");
            assertEquals(Map.of("SHARED", 3L, "ACCOUNT", 1L, "GUEST", 1L), cart(p));
            assertEquals(new BigDecimal("9"), p.cart().lines().stream()
                    .filter(l -> l.product().productId().equals("SHARED")).findFirst().orElseThrow().product().price());
        }

        @Test
        void recentlyViewedIsNewestFirstDeduplicatedAndBounded() {
            IdentityRules rules = new IdentityRules(IdentityRules.defaults().limits(), Set.of(), 3, 200, 100);
            InMemoryStore s = new InMemoryStore(rules);
            s.apply(track("m1", 0, "a1", null, "Product Viewed", product("P1", null, "1")),
                    track("m2", 1, "a1", null, "Product Viewed", product("P2", null, "1")),
                    track("m3", 2, "a1", null, "Product Viewed", product("P3", null, "1")),
                    track("m4", 3, "a1", null, "Product Viewed", product("P1", null, "1")),
                    track("m5", 4, "a1", null, "Product Viewed", product("P4", null, "1")),
                    track("m6", -5, "a1", null, "Product Viewed", product("P0", null, "1")));
            assertEquals(List.of("P4", "P1", "P3"), s.get("anonymousId:a1").recentlyViewed().stream()
                    .map(v -> v.product().productId()).toList());
        }

        @Test
        void ordersAreCountedOncePerOrderIdAcrossRedeliveryAndMerges() {
            InMemoryStore s = new InMemoryStore();
            ProfileEvent order = ProfileEvent.builder("m1", "track", t(0)).event("Order Completed").anonymousId("a1")
                    .orderId("O1").orderRevenue(new BigDecimal("99.50")).build();
            ProfileEvent sameOrderOtherDevice = ProfileEvent.builder("m2", "track", t(1)).event("Order Completed")
                    .anonymousId("a2").orderId("O1").orderRevenue(new BigDecimal("99.50")).build();
            s.apply(order, sameOrderOtherDevice, identify("m3", 2, "a1", "u1", Map.of()),
                    identify("m4", 3, "a2", "u1", Map.of()));
            Profile p = s.get("userId:u1");
            assertEquals(1, p.facts().orders());
            assertEquals(t(1), p.facts().lastOrderAt());
        }

        @Test
        void contextFactsAreTheNewestByEventTime() {
            InMemoryStore s = new InMemoryStore();
            s.apply(ProfileEvent.builder("m1", "page", t(10)).anonymousId("a1").deviceType("mobile")
                            .channel("newsletter").timezone("Europe/Oslo").locale("nb-NO").build(),
                    ProfileEvent.builder("m2", "page", t(5)).anonymousId("a1").deviceType("desktop")
                            .channel("google").build());
            var f = s.get("anonymousId:a1").facts();
            assertEquals("mobile", f.deviceType().value());
            assertEquals("newsletter", f.channel().value());
            assertEquals("Europe/Oslo", f.timezone().value());
            assertEquals("nb-NO", f.locale().value());
            assertEquals(t(5), f.firstSeen());
            assertEquals(t(10), f.lastSeen());
        }
    }

    @Nested
    class Consent {
        @Test
        void identifyTraitsSetConsentByTheDocumentedRule() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email_marketing_consent", "granted")));
            assertEquals(Boolean.TRUE, s.get("userId:u1").effectiveConsent().emailMarketing());
            s.apply(identify("m2", 1, "a1", "u1", Map.of("email_marketing_consent", true, "unsubscribed", true)));
            var c = s.get("userId:u1").effectiveConsent();
            assertEquals(Boolean.FALSE, c.emailMarketing());
            assertTrue(c.unsubscribed());
            assertEquals(t(1), c.changedAt());
            assertEquals("identify:unsubscribed", c.source());
        }

        @Test
        void unsubscribedEventFromTheCampaignServiceUnsubscribesAndALateOptInDoesNotUndoIt() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email_marketing_consent", true)),
                    ProfileEvent.builder("m2", "track", t(10)).event("Unsubscribed").userId("u1").propertyChannel("email").build(),
                    identify("m3", 5, "a1", "u1", Map.of("email_marketing_consent", true)));
            var c = s.get("userId:u1").effectiveConsent();
            assertTrue(c.unsubscribed());
            assertEquals(Boolean.FALSE, c.emailMarketing());
            assertEquals("track:Unsubscribed", c.source());
        }

        @Test
        void unsubscribeFromAnotherChannelDoesNotTouchEmailConsent() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email_marketing_consent", true)),
                    ProfileEvent.builder("m2", "track", t(10)).event("Unsubscribed").userId("u1").propertyChannel("sms").build());
            assertEquals(Boolean.TRUE, s.get("userId:u1").effectiveConsent().emailMarketing());
        }

        @Test
        void emailOpensAndClicksAreNotShopperActivityAndDoNotChangeConsent() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of()),
                    ProfileEvent.builder("m2", "track", t(60)).event("Email Opened").userId("u1").build(),
                    ProfileEvent.builder("m3", "track", t(61)).event("Email Link Clicked").userId("u1").build());
            Profile p = s.get("userId:u1");
            assertEquals(t(0), p.facts().lastSeen());
            assertNull(p.effectiveConsent().emailMarketing());
        }

        @Test
        void mergedProfilesKeepTheNewestConsent() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email_marketing_consent", true)),
                    ProfileEvent.builder("m2", "track", t(5)).event("Unsubscribed").anonymousId("a2").build(),
                    identify("m3", 6, "a2", "u1", Map.of()));
            assertTrue(s.get("userId:u1").effectiveConsent().unsubscribed());
        }
    }

    @Nested
    class Erasure {
        @Test
        void erasureUnlinksEveryIdentifierAndNoLaterEventProfilesThePersonAgain() {
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email", "gone@shop.com", "email_marketing_consent", true)),
                    track("m2", 1, "a1", "u1", "Product Added", product("P1", 1L, "3")));
            String id = s.get("userId:u1").id();
            ProfileEngine.Erasure e = s.erase(id);
            assertEquals(3, e.identifiers().size());
            assertEquals(1, e.emails());
            assertTrue(s.byKey("userId:u1").isEmpty());
            assertTrue(s.byKey("email:gone@shop.com").isEmpty());
            List<ProfileEngine.Result> later = s.apply(
                    identify("m3", 10, "a9", "u9", Map.of("email", "Gone@SHOP.com", "email_marketing_consent", true)),
                    track("m4", 11, "a1", null, "Product Added", product("P2", 1L, "5")),
                    identify("m5", 12, "a8", "u1", Map.of()));
            assertEquals(List.of("names an erased identifier", "names an erased identifier",
                    "names an erased identifier"), later.stream().map(ProfileEngine.Result::skippedBecause).toList(),
                    "an erased person's email, anonymousId or userId never builds a profile again");
            assertTrue(s.byKey("userId:u9").isEmpty());
            assertTrue(s.byKey("anonymousId:a9").isEmpty());
            assertTrue(s.partition().isEmpty());
            s.apply(identify("m6", 13, "a7", "u7", Map.of("email", "other@shop.com")));
            assertEquals(1, s.partition().size(), "other people are profiled as before");
        }

        @Test
        void legacySuppressedAddressIsUnsubscribedForGood() {
            InMemoryStore s = new InMemoryStore();
            s.suppressed.add(Workspace.emailHash("gone@shop.com"));
            s.apply(identify("m1", 0, "a9", "u9", Map.of("email", "Gone@SHOP.com", "email_marketing_consent", true)));
            Profile p = s.get("userId:u9");
            assertTrue(p.effectiveConsent().unsubscribed(), "an address erased before the block list is never mailed");
            assertEquals("suppression:erased", p.effectiveConsent().source());
        }

        @Test
        void erasedProfileDataRoundTripsEmpty() {
            Profile p = new Profile("p1", t(0));
            InMemoryStore s = new InMemoryStore();
            s.apply(identify("m1", 0, "a1", "u1", Map.of("email", "x@y.com")));
            Profile stored = s.get("userId:u1");
            new ProfileEngine(IdentityRules.defaults()).erase(stored,
                    new Workspace(Map.of(), List.of(stored), Set.of(), () -> "z"));
            Profile.Data d = stored.toData();
            assertTrue(d.identifiers().isEmpty());
            assertTrue(d.traits().isEmpty());
            assertTrue(d.history().isEmpty());
            assertEquals(List.<HistoryEntry>of(), Profile.fromData(d).history());
            assertEquals("p1", p.id());
        }
    }
}
