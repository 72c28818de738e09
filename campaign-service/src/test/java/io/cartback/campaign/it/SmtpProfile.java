package io.cartback.campaign.it;

import java.util.List;
import java.util.Map;

import io.cartback.devinfra.SmtpSink;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The real mailer against a real SMTP server (GreenMail), with a short retry backoff. */
public class SmtpProfile implements QuarkusTestProfile {
    static volatile SmtpSink sink;
    static volatile int port;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.mailer.mock", "false", "cdp.campaign.retry-base", "PT1S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Smtp.class));
    }

    public static class Smtp implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            sink = SmtpSink.start(0);
            port = sink.port();
            return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(port));
        }

        @Override
        public void stop() {
            if (sink != null) {
                sink.close();
            }
        }
    }
}
