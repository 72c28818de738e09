package io.cartback.profile.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cartback.kit.erasure.ErasureHash;
import io.cartback.profile.domain.IdType;
import io.cartback.profile.domain.IdentityRules;

/**
 * ingest-service blocks an erased person's calls by hashing the raw ids of each call with {@link ErasureHash};
 * profile-service hashes the identifiers it resolved. Both must land on the same erasure key for every value
 * profile-service would treat as that identifier, or an erased person's events would get past ingest.
 */
class ErasureKeyAgreementTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "userId      | u-1",
            "userId      | '  u-1  '",
            "userId      | User-With-Case",
            "anonymousId | 0b1c-anon",
            "anonymousId | ' 9212543165542384733 '",
            "deviceId    | dev-ABC",
            "email       | ann@example.com",
            "email       | ' Ann.Lee@Example.COM '",
            "email       | ANN@EXAMPLE.COM"})
    void ingestBuildsTheSameErasureKeyAsProfileService(String type, String raw) {
        IdType t = IdType.fromWireName(type);
        UnaryOperator<String> ingest = switch (t) {
            case USER_ID -> ErasureHash::userId;
            case ANONYMOUS_ID -> ErasureHash::anonymousId;
            case DEVICE_ID -> ErasureHash::deviceId;
            case EMAIL -> ErasureHash::email;
        };
        String profile = IdentityRules.defaults().identifier(t, raw).orElseThrow().erasureKey();
        assertEquals(profile, ingest.apply(raw));
    }
}
