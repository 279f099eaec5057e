package org.onedoor.terminal.county.store;

/** Where SQLite and PostgreSQL differ for the county's schema; the statements are otherwise the same. */
enum Dialect {
    SQLITE("INTEGER NOT NULL DEFAULT 0"),
    POSTGRESQL("BOOLEAN NOT NULL DEFAULT FALSE");

    final String flag;

    Dialect(String flag) {
        this.flag = flag;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        int scheme = jdbcUrl.indexOf(':', "jdbc:".length());
        throw new IllegalArgumentException("a store is a SQLite file or a jdbc:postgresql: URL, not a "
                + (scheme < 0 ? "URL without a database type" : jdbcUrl.substring(0, scheme + 1) + " one"));
    }
}
