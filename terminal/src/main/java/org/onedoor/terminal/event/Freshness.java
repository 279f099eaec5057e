package org.onedoor.terminal.event;

/**
 * How old, in whole seconds, the knowledge behind a decision was; null where there was none.
 *
 * @param statusAgeS   the status used: 0 for an online answer, the fetch's age for a cached one, the list's
 *                     age for a risk-list listing
 * @param riskListAgeS the county risk list's age (since its issue); null without a risk list
 * @param serviceAgeS  since the health service last answered; null if it has not since start
 */
public record Freshness(Long statusAgeS, Long riskListAgeS, Long serviceAgeS) {
    public static final Freshness UNKNOWN = new Freshness(null, null, null);
}
