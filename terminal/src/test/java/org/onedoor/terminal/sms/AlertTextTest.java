package org.onedoor.terminal.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;

class AlertTextTest {
    private static final ZoneId VENUE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final AlertText TEXT = new AlertText(VENUE_ZONE);
    private static final Instant AT = Instant.parse("2026-11-21T00:15:42Z");

    @Test
    void saysWhereWhatAndWhenInBeijingTime() {
        assertEquals("【OneDoor】东门 红码 拒绝入场 2026-11-21 08:15",
                TEXT.of(new AlertNotice("red_code", "东门", "refused", AT)));
        assertEquals("【OneDoor】东门 黄码 已放行 2026-11-21 08:15",
                TEXT.of(new AlertNotice("yellow_code", "东门", "granted", AT)));
        assertEquals("【OneDoor】east 扫码器故障 2026-11-21 08:15",
                TEXT.of(new AlertNotice("scanner_down", "east", null, AT)));
        assertEquals("【OneDoor】disk_full 2026-11-21 08:15", TEXT.of(new AlertNotice("disk_full", null, null, AT)));
    }

    /** The recorded alert carries a pseudonym; the notice, and so the text, never does. */
    @Test
    void aNoticeLeavesTheSubjectOut() {
        String pseudonym = "5f1c9a0e7b3d4c2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0ce09a";
        Event.Alert alert = new Event.Alert(AlertType.RED_CODE, Severity.HIGH, "east", pseudonym,
                Map.of("entrance", "东门", "result", "refused", "reason", "red"));

        AlertNotice notice = AlertNotice.of(alert, AT);

        assertEquals(new AlertNotice("red_code", "东门", "refused", AT), notice);
        assertFalse(TEXT.of(notice).contains(pseudonym.substring(0, 8)));
    }

    @Test
    void aNoticeWithoutEntranceNamesTheLane() {
        Event.Alert alert = new Event.Alert(AlertType.SCANNER_DOWN, Severity.HIGH, "east-exit", null,
                Map.of("detail", "/dev/ttyUSB1"));

        assertEquals(new AlertNotice("scanner_down", "east-exit", null, AT), AlertNotice.of(alert, AT));
    }

    @Test
    void summarisesWhatWasHeldBack() {
        Suppressed held = Suppressed.of(new AlertNotice("yellow_code", "东门", "refused", AT))
                .plus(new AlertNotice("red_code", "东门", "refused", AT.plusSeconds(600)))
                .plus(new AlertNotice("red_code", "南门", "refused", AT.minusSeconds(120)));

        assertEquals("【OneDoor】限流：另有3条告警未发短信（红码2 黄码1），2026-11-21 08:13至2026-11-21 08:25",
                TEXT.summary(held));
        assertEquals("【OneDoor】限流：另有1条告警未发短信（黄码1），2026-11-21 08:15",
                TEXT.summary(Suppressed.of(new AlertNotice("yellow_code", "东门", "refused", AT))));
    }
}
