package org.onedoor.terminal.sms;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Chinese wording of alert messages: {@code 【OneDoor】东门 红码 拒绝入场 2026-11-21 08:15}. Local
 * time, to the minute, as the administrator reads a clock. An unknown alert type is shown as is.
 */
final class AlertText {
    static final String PREFIX = "【OneDoor】";
    private static final Map<String, String> TYPES = Map.of(
            "red_code", "红码",
            "yellow_code", "黄码",
            "unverified_admitted", "未核验放行",
            "scanner_down", "扫码器故障",
            "scanner_up", "扫码器恢复",
            "stale_data", "数据过期",
            "stale_data_cleared", "数据已更新",
            "mode_changed", "模式变更",
            "ledger_write_failed", "记录写入失败");
    private static final Map<String, String> RESULTS = Map.of(
            "refused", "拒绝入场",
            "granted", "已放行");

    private final DateTimeFormatter time;

    AlertText(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    String of(AlertNotice notice) {
        StringJoiner text = new StringJoiner(" ", PREFIX, "");
        if (notice.entrance() != null) {
            text.add(notice.entrance());
        }
        text.add(typeLabel(notice.type()));
        if (notice.result() != null) {
            text.add(RESULTS.getOrDefault(notice.result(), notice.result()));
        }
        return text.add(time.format(notice.at())).toString();
    }

    /** {@code 【OneDoor】限流：另有3条告警未发短信（红码2 黄码1），2026-11-21 08:15至2026-11-21 08:40}. */
    String summary(Suppressed suppressed) {
        StringJoiner types = new StringJoiner(" ");
        suppressed.byType().forEach((type, count) -> types.add(typeLabel(type) + count));
        return PREFIX + "限流：另有" + suppressed.count() + "条告警未发短信（" + types + "），"
                + range(suppressed.first(), suppressed.last());
    }

    private String range(Instant first, Instant last) {
        String from = time.format(first);
        String to = time.format(last);
        return from.equals(to) ? from : from + "至" + to;
    }

    private static String typeLabel(String type) {
        return TYPES.getOrDefault(type, type);
    }
}
