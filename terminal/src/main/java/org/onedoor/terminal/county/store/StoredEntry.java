package org.onedoor.terminal.county.store;

/** An entry with a person, at its corrected time ({@code estimate} when its boot never synchronised its clock). */
public record StoredEntry(String county, String venue, String entrance, String terminal, String lane, String subject,
        long correctedMs, boolean estimate) {
}
