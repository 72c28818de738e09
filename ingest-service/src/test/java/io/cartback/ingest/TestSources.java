package io.cartback.ingest;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Creates sources through the admin API, as an operator would. */
public final class TestSources {
    public static final String ADMIN_TOKEN = "test-admin-token-00000000000000";

    private TestSources() {
    }

    public record Created(String id, String writeKey) {
        public String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        }
    }

    public static Created create(String name) {
        Map<String, Object> body = given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("name", name))
                .when().post("/admin/sources")
                .then().statusCode(201).extract().as(Map.class);
        return new Created((String) body.get("id"), (String) body.get("writeKey"));
    }
}
