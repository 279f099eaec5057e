package org.onedoor.terminal.config;

import java.util.List;
import java.util.Optional;

/**
 * The versions of the configuration file and the keys renamed between them, in one place. A file
 * says which version it was written for ({@code config_version}); one that says nothing was written
 * before the key existed, version 1. An old name is still read, with a warning, for a deprecation
 * period: a fleet upgraded unattended keeps running on the files it has. Given both, the old and the
 * new name, the file is refused, since nobody can tell which one was meant.
 */
public final class ConfigVersions {
    /** The version this software writes and reads; it reads every older one too. */
    public static final int CURRENT = 2;
    /** The version of a file without {@code config_version}. */
    static final int UNSTATED = 1;

    /**
     * One renamed key.
     *
     * @param table the dotted path of its table, {@code []} for any entry of an array of tables
     * @param since the first version with the new name
     */
    record Rename(String table, String oldKey, String newKey, int since) {
    }

    /** Old name → new name; an entry is removed when its deprecation period ends. */
    static final List<Rename> RENAMED = List.of(
            // With venue_name (the venue's name as people read it) beside it, "venue" alone no longer
            // said that it is the id and MQTT topic level.
            new Rename("terminal", "venue", "venue_id", 2));

    private ConfigVersions() {
    }

    /** The rename whose new name is {@code key} in the table at {@code tablePath}, if any. */
    static Optional<Rename> renamedTo(String tablePath, String key) {
        String table = tablePath.replaceAll("\\[[0-9]+]", "[]");
        return RENAMED.stream().filter(r -> r.table().equals(table) && r.newKey().equals(key)).findFirst();
    }
}
