package org.onedoor.terminal.voice;

import java.util.Locale;
import java.util.Optional;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.status.Resolution;

/** What the lane says to the entrant (docs/voice.md); each has its clip, {@code [voice] clips.{name}}. */
public enum Prompt {
    /** 绿码，请通行. */
    GRANTED,
    /** 红码/黄码，禁止通行，请联系工作人员. */
    REFUSED,
    /** 无法识别，请重新扫码. */
    UNRECOGNISED,
    /** 请人工核验: the terminal could not judge; a guard must. */
    MANUAL_CHECK,
    /** 设备故障，请联系工作人员. */
    DEVICE_FAULT,
    /** 请刷身份证: the scanner is down, the ID-card reader is up. */
    SHOW_ID_CARD;

    /** The configuration's and the trace's name, e.g. {@code manual_check}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What follows an outcome: as the lamps show it. Nothing where words would contradict the gate: an exit lane
     * that opens for a red or yellow code, or {@code record-only} letting someone through whom strict would refuse
     * (the guard has the lamps and the buzzer for those).
     */
    public static Optional<Prompt> after(Outcome outcome) {
        if (outcome.granted()) {
            return outcome.showGranted() && outcome.alert() == null ? Optional.of(GRANTED) : Optional.empty();
        }
        if (outcome.alert() != null) {
            return Optional.of(REFUSED);
        }
        return switch (outcome.reason()) {
            case "unrecognised", Resolution.UNKNOWN_CODE, "invalid_id" -> Optional.of(UNRECOGNISED);
            default -> Optional.of(MANUAL_CHECK); // status_unavailable, lockdown, unrecordable
        };
    }

    /**
     * What a lane says when its devices change: nothing while the scanner is up and no reader is down; 请刷身份证
     * while the scanner is down and the lane's card reader is up; 设备故障 otherwise.
     */
    public static Optional<Prompt> forDevices(boolean scannerUp, ReaderState reader) {
        if (scannerUp && reader != ReaderState.DOWN) {
            return Optional.empty();
        }
        return Optional.of(!scannerUp && reader == ReaderState.UP ? SHOW_ID_CARD : DEVICE_FAULT);
    }
}
