package io.cartback.kit.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class DependencyUnreachableTest {

    @Test
    void connectionFailuresAnywhereInTheChainAreTemporary() {
        assertTrue(ProblemMappers.dependencyUnreachable(new ConnectException("refused"), 0));
        assertTrue(ProblemMappers.dependencyUnreachable(new IllegalStateException(new ConnectException("refused")), 0));
        assertTrue(ProblemMappers.dependencyUnreachable(new SQLException("no connection", "08001"), 0));
        RuntimeException composite = new RuntimeException("several");
        composite.addSuppressed(new ConnectException("refused"));
        assertTrue(ProblemMappers.dependencyUnreachable(composite, 0));
    }

    @Test
    void otherFailuresStayInternalErrors() {
        assertFalse(ProblemMappers.dependencyUnreachable(new IllegalStateException("bug"), 0));
        assertFalse(ProblemMappers.dependencyUnreachable(new SQLException("syntax", "42601"), 0));
        assertFalse(ProblemMappers.dependencyUnreachable(new RuntimeException(new NullPointerException()), 0));
    }
}
