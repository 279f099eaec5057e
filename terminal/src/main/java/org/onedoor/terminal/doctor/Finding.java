package org.onedoor.terminal.doctor;

/**
 * What one check found: a verdict, the check's name and one line of detail for a technician.
 * Details name files, ports and hosts, never a scanned code or anything about a person.
 */
public record Finding(Verdict verdict, String check, String detail) {
    public enum Verdict { OK, WARN, FAIL }

    public static Finding ok(String check, String detail) {
        return new Finding(Verdict.OK, check, detail);
    }

    public static Finding warn(String check, String detail) {
        return new Finding(Verdict.WARN, check, detail);
    }

    public static Finding fail(String check, String detail) {
        return new Finding(Verdict.FAIL, check, detail);
    }
}
