package io.cartback.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The SMTP sink's saved messages (LocalInfra writes every received mail as an .eml file). */
final class Mail {
    private Mail() {
    }

    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }

    /** Waits until no new mail arrived for {@code quiet}. */
    static void awaitQuiet(Path dir, Duration quiet, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int count = files(dir).size();
        Instant lastChange = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            int now = files(dir).size();
            if (now != count) {
                count = now;
                lastChange = Instant.now();
                if (ConsumerLag.TTY) {
                    System.err.printf("\r  emails received: %d   ", count);
                }
            } else if (Duration.between(lastChange, Instant.now()).compareTo(quiet) > 0) {
                break;
            }
        }
        System.err.printf(ConsumerLag.TTY ? "\r  emails received: %d%n" : "  emails received: %d%n", count);
    }

    /** Copies the mails into the run folder, plus the HTML part of each as a file a browser opens. */
    static int export(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        int n = 0;
        for (Path eml : files(from)) {
            Files.copy(eml, to.resolve(eml.getFileName()));
            String html = htmlPart(eml);
            if (html != null) {
                Files.writeString(to.resolve(eml.getFileName().toString().replace(".eml", ".html")), html);
            }
            n++;
        }
        return n;
    }

    static String htmlPart(Path eml) throws IOException {
        try (InputStream in = Files.newInputStream(eml)) {
            jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(
                    jakarta.mail.Session.getInstance(new java.util.Properties()), in);
            return findHtml(m.getContent());
        } catch (jakarta.mail.MessagingException e) {
            return null;
        }
    }

    private static String findHtml(Object content) throws IOException, jakarta.mail.MessagingException {
        if (content instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                jakarta.mail.BodyPart part = mp.getBodyPart(i);
                if (part.isMimeType("text/html")) {
                    return (String) part.getContent();
                }
                String nested = findHtml(part.getContent());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
