package dev.felu.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseUnreachableTest {
  @Test
  void aRefusedConnectionDeepInTheChainIsAnOutage() {
    SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    assertTrue(
        DatabaseUnreachable.in(new EJBException(new PersistenceException("query", refused))));
  }

  @Test
  void thePoolFailingToAllocateIsAnOutage() {
    SQLException pool = new SQLException("Error in allocating a connection");
    pool.initCause(new ResourceAllocationException("Connection could not be allocated"));
    assertTrue(DatabaseUnreachable.in(new PersistenceException(pool)));
    assertTrue(DatabaseUnreachable.in(new RuntimeException(new ConnectException("refused"))));
  }

  @Test
  void aServerShuttingDownIsAnOutage() {
    assertTrue(
        DatabaseUnreachable.in(
            new SQLException("terminating connection due to administrator command", "57P01")));
  }

  @Test
  void errorsOfTheRequestOrOfFeluAreNot() {
    assertFalse(
        DatabaseUnreachable.in(
            new PersistenceException(new SQLException("duplicate key value", "23505"))));
    assertFalse(DatabaseUnreachable.in(new SQLException("no state")));
    assertFalse(DatabaseUnreachable.in(new IllegalStateException("bug")));
    assertFalse(DatabaseUnreachable.in(null));
  }
}
