package org.onedoor.terminal.county.store;

/** Events {@code fromSeq..toSeq} of one terminal that the county has not stored; {@code boot} is the boot after it. */
public record Gap(String county, String venue, String terminal, long boot, long fromSeq, long toSeq, long seenMs) {
    public long size() {
        return toSeq - fromSeq + 1;
    }
}
