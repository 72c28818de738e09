package io.cartback.devinfra;

import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/** A real SMTP server (GreenMail) that keeps every message it receives, for tests and the local stack. */
public final class SmtpSink implements AutoCloseable {
    private final ServerSetup setup;
    private GreenMail greenMail;
    private final List<MimeMessage> earlier = new ArrayList<>();

    private SmtpSink(ServerSetup setup, GreenMail greenMail) {
        this.setup = setup;
        this.greenMail = greenMail;
    }

    public static SmtpSink start(int port) {
        ServerSetup setup = new ServerSetup(port == 0 ? FreePorts.next() : port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail gm = new GreenMail(setup);
        gm.start();
        return new SmtpSink(setup, gm);
    }

    public int port() {
        return setup.getPort();
    }

    /** Every message received since start, across {@link #stop()}/{@link #start()} cycles, in arrival order. */
    public synchronized MimeMessage[] received() {
        List<MimeMessage> all = new ArrayList<>(earlier);
        if (greenMail != null) {
            all.addAll(List.of(greenMail.getReceivedMessages()));
        }
        return all.toArray(MimeMessage[]::new);
    }

    /** Stops accepting mail (an SMTP outage); what was received so far is kept. */
    public synchronized void stop() {
        if (greenMail != null) {
            earlier.addAll(List.of(greenMail.getReceivedMessages()));
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Accepts mail again on the same port after {@link #stop()}. */
    public synchronized void start() {
        if (greenMail == null) {
            greenMail = new GreenMail(setup);
            greenMail.start();
        }
    }

    public synchronized void purge() {
        earlier.clear();
        if (greenMail == null) {
            return;
        }
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
