package org.onedoor.terminal.county.trace;

/**
 * One co-visitor entry: someone who entered {@code venue} within the window of one of the case's visits.
 *
 * @param depth 1 for a contact of the case, 2 for a contact of a contact
 * @param overlapMinutes how long the two were there together, if each stayed the window after entering
 * @param subject the co-visitor's subject when {@code --subjects} resolved it, else null
 */
public record Contact(int depth, String venue, String entrance, String terminal, String pseudonym, long timeMs,
        boolean estimate, double overlapMinutes, String subject) {
}
