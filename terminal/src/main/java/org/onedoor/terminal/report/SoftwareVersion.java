package org.onedoor.terminal.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build was made as, from the resource the build filters; {@code unknown} without it. */
public final class SoftwareVersion {
    private SoftwareVersion() {
    }

    public static String current() {
        try (InputStream in = SoftwareVersion.class.getResourceAsStream("/org/onedoor/terminal/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
