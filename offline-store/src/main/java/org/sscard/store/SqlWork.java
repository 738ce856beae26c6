package org.sscard.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection, run inside one transaction by {@link Database}. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
