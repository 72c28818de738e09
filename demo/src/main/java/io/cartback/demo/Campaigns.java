package io.cartback.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The default recovery campaign the main job runs: 24 h after the last cart activity, free shipping from 75 USD. */
final class Campaigns {
    static final String NAME = "Abandoned cart recovery (default)";

    private Campaigns() {
    }

    /** Finds the default campaign or creates it active through the marketer API; returns it. */
    static JsonNode ensureDefault(Api api, String base) {
        for (JsonNode c : api.get(base + "/campaigns")) {
            if (NAME.equals(c.path("name").asText()) && !"archived".equals(c.path("status").asText())) {
                return c;
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", NAME);
        spec.put("delay", "PT24H");
        spec.put("trigger", Map.of("kind", "any", "audience", "any"));
        spec.put("freeShipping", Map.of("threshold", 75, "currency", "USD"));
        spec.put("recommendations", 3);
        spec.put("maxLines", 6);
        spec.put("sender", Map.of("address", "shop@example.com", "name", "Google Merchandise Store (demo)"));
        spec.put("sendRules", Map.of("holdoutPercent", 10.0, "requireConsent", false,
                "frequencyCap", Map.of("max", 1, "window", "P1D")));
        spec.put("attributionWindow", "P7D");
        DemoRun.step("creating the default campaign: 24 h delay, free shipping from 75 USD, 3 recommendations, "
                + "10 % holdout");
        return api.post(base + "/campaigns?activate=true", spec);
    }

}
