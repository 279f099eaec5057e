package org.onedoor.terminal.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an alert is about; published as its lower-case name (docs/mqtt.md, docs/schemas/defs.json). A
 * condition that lasts is opened by one type and closed by its counterpart ({@link #closedBy()}).
 */
public enum AlertType {
    RED_CODE,
    YELLOW_CODE,
    UNVERIFIED_ADMITTED,
    LOCKDOWN_OVERRIDE,
    MODE_CHANGED,
    STALE_DATA_CLEARED,
    STALE_DATA(STALE_DATA_CLEARED),
    SCANNER_UP,
    SCANNER_DOWN(SCANNER_UP),
    IDCARD_UP,
    IDCARD_DOWN(IDCARD_UP),
    SERVICE_REACHABLE,
    SERVICE_UNREACHABLE(SERVICE_REACHABLE),
    DOOR_FORCED_CLEARED,
    DOOR_FORCED(DOOR_FORCED_CLEARED),
    FIRE_ALARM_CLEARED,
    FIRE_ALARM(FIRE_ALARM_CLEARED),
    DISK_OK,
    DISK_LOW(DISK_OK),
    LEDGER_WRITE_FAILED,
    STORE_DAMAGED,
    ALERT_SHARE_FULL,
    ALERTS_DROPPED,
    MQTT_OVERSIZE,
    RISKLIST_GAP,
    RISKLIST_REFUSED,
    NOISE_FLOOD,
    UNKNOWN_CODE_BURST,
    INVALID_ID_BURST,
    TAILGATE,
    VOICE_UP,
    VOICE_DOWN(VOICE_UP),
    SMS_SENT,
    SMS_FAILED,
    SMS_SUPPRESSED,
    IDENTITY_MISMATCH;

    private static final Map<String, AlertType> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AlertType::wire, Function.identity()));

    private final AlertType closedBy;

    AlertType() {
        this(null);
    }

    AlertType(AlertType closedBy) {
        this.closedBy = closedBy;
    }

    /** The published form, as {@link #wire()}: logs and messages read the same as the payloads. */
    @Override
    public String toString() {
        return wire();
    }

    /** The published form, e.g. {@code red_code}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type that closes the condition this one opens; empty for a one-off alert or a closing one. */
    public Optional<AlertType> closedBy() {
        return Optional.ofNullable(closedBy);
    }

    /** The type published as {@code wire}, if there is one. */
    public static Optional<AlertType> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }
}
