package org.onedoor.terminal.recognition;

import java.util.Locale;

/** How a lane's scanner encodes text: {@code utf-8}, {@code gbk}, or {@code auto} (valid UTF-8 is UTF-8, else GBK). */
public enum TextEncoding {
    UTF_8, GBK, AUTO;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
