package org.onedoor.terminal.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a county derives from its master key (see docs/privacy.md). Terminals hold derived keys
 * only: a terminal key pseudonymises what one terminal stores, a risk-list key what the county's
 * risk list of one epoch holds.
 *
 * <p>Each derivation is HMAC-SHA-256 under the master key of a label, the county and one more field,
 * separated by newlines. The fields are checked against the same rules as the configuration (a
 * 6-digit county, an MQTT-level terminal id, a non-negative epoch), so no two inputs share a label.
 */
public final class KeyDerivation {
    public static final int KEY_BYTES = 32;

    private static final String TERMINAL_LABEL = "onedoor/v1/terminal-key\n";
    private static final String RISK_LIST_LABEL = "onedoor/v1/risklist-key\n";
    private static final Pattern COUNTY = Pattern.compile("[0-9]{6}");
    private static final Pattern TERMINAL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private KeyDerivation() {
    }

    /** K_T = HMAC-SHA256(M, "onedoor/v1/terminal-key\n" + county + "\n" + terminal). */
    public static byte[] terminalKey(byte[] master, String county, String terminal) {
        requireCounty(county);
        if (!TERMINAL.matcher(terminal).matches()) {
            throw new IllegalArgumentException("a terminal id is 1 to 64 letters, digits, '-' or '_'");
        }
        return hmac(master, TERMINAL_LABEL + county + "\n" + terminal);
    }

    /** K_R = HMAC-SHA256(M, "onedoor/v1/risklist-key\n" + county + "\n" + epoch in decimal). */
    public static byte[] riskListKey(byte[] master, String county, int epoch) {
        requireCounty(county);
        if (epoch < 0) {
            throw new IllegalArgumentException("an epoch is a non-negative integer");
        }
        return hmac(master, RISK_LIST_LABEL + county + "\n" + epoch);
    }

    private static void requireCounty(String county) {
        if (!COUNTY.matcher(county).matches()) {
            throw new IllegalArgumentException("a county is a 6-digit division code");
        }
    }

    private static byte[] hmac(byte[] master, String message) {
        if (master.length < KEY_BYTES) {
            throw new IllegalArgumentException("a master key needs at least " + KEY_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
