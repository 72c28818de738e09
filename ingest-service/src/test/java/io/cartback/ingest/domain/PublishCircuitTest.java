package io.cartback.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublishCircuitTest {
    private final PublishCircuit circuit = new PublishCircuit(1_000, 8_000);

    @Test
    void closedCircuitAdmitsEveryRequest() {
        for (int i = 0; i < 100; i++) {
            assertTrue(circuit.admit(i));
        }
        assertFalse(circuit.isOpen());
    }

    @Test
    void afterAFailureRequestsAreRefusedUntilAProbeSucceeds() {
        circuit.failed(10_000);
        assertTrue(circuit.isOpen());
        assertFalse(circuit.admit(10_001), "no request right after the failure");
        assertFalse(circuit.admit(10_999));
        assertTrue(circuit.admit(11_000), "one probe after the interval");
        assertFalse(circuit.admit(11_001), "only one probe at a time");
        assertFalse(circuit.admit(15_000), "the probe is still running");
        circuit.succeeded();
        assertFalse(circuit.isOpen());
        assertTrue(circuit.admit(15_001));
        assertTrue(circuit.admit(15_001));
    }

    @Test
    void aFailedProbeKeepsItOpenAndTheNextProbeWaitsAnInterval() {
        circuit.failed(0);
        assertTrue(circuit.admit(1_000));
        circuit.failed(1_500);
        assertFalse(circuit.admit(1_600));
        assertTrue(circuit.admit(2_000), "interval counted from the start of the last probe");
        assertTrue(circuit.isOpen());
    }

    @Test
    void aProbeThatNeverFinishesDoesNotBlockForever() {
        circuit.failed(0);
        assertTrue(circuit.admit(1_000));
        assertFalse(circuit.admit(8_999));
        assertTrue(circuit.admit(9_000), "the probe timed out; another one may go");
    }
}
