package org.onedoor.terminal.county;

/**
 * One terminal event as the county stores it (docs/county.md, The schema). {@code boot} and {@code monoMs}
 * are null for a command result, which carries neither; {@code subject} is a pseudonym, never a subject.
 */
public record CountyEvent(String id, String kind, String county, String venue, String terminal, String entrance,
        String lane, String direction, String result, String subject, long seq, Long boot, Long monoMs, long tsMs,
        boolean clockSynced, String payload) {

    /** The kinds of event: the last topic level they come on (a command result is {@code result}). */
    public static final String ENTRY = "entry";
    public static final String ALERT = "alert";
    public static final String PASSAGE = "passage";
    public static final String CLOCK = "clock";
    public static final String IDENTITY = "identity";
    public static final String RESULT = "result";
}
