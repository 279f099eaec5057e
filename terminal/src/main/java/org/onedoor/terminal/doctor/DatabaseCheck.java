package org.onedoor.terminal.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * {@code PRAGMA integrity_check} on one SQLite file, opened read-only so that the doctor can run
 * beside the service and never changes a record. It reads every page: on a large ledger on an SD
 * card this takes a while, and the detail says how long.
 */
final class DatabaseCheck implements Check {
    private static final int PROBLEMS_SHOWN = 2;
    private final String name;
    private final Path file;

    DatabaseCheck(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Finding run() {
        if (!Files.exists(file)) {
            return Finding.ok(name, file + " not created yet (the service creates it at its first start)");
        }
        if (!Files.isReadable(file)) {
            return Finding.fail(name, file + " not readable by this user");
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly.toProperties());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (rows.next()) {
                // One row may hold several problems, one per line.
                rows.getString(1).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("***"))
                        .forEach(problems::add);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (problems.equals(List.of("ok"))) {
                return Finding.ok(name, file + " intact (" + (Files.size(file) >> 10) + " KiB checked in " + ms + " ms)");
            }
            return Finding.fail(name, file + " damaged: " + String.join("; ", problems.subList(0, Math.min(PROBLEMS_SHOWN,
                    problems.size()))) + (problems.size() > PROBLEMS_SHOWN ? " (and " + (problems.size() - PROBLEMS_SHOWN)
                    + " more)" : ""));
        } catch (SQLException | java.io.IOException e) {
            return Finding.fail(name, file + " unreadable as a database: " + e.getMessage());
        }
    }
}
